import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import type { TokenCredential } from '@azure/core-auth';
import { FirewallLogs } from '../../../../../shared/azure/logs/firewallLogs';
import { firewallQueries, inventoryAnchorLeg, inventorySources } from '../../../../../shared/azure/logs/queries';
import { ensureSandboxCertificates } from '../../../../../sandbox/certs';
import { startLogsEmulator, type LogsEmulator } from '../../../../../sandbox/emulators/logs/emulator';
import { analyzeKql } from '../../../../support/kusto';

const fw = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub';
const otherFw = fw.replace('fw-hub', 'fw-other');
const at = (hhmmss: string) => `2026-11-23T${hhmmss}Z`;
const window = { from: new Date(at('00:00:00')), to: new Date(at('06:00:00')) };
const credential: TokenCredential = { getToken: async () => ({ token: 'sandbox-token', expiresOnTimestamp: Date.now() + 3600_000 }) };

const appRule = (time: string, Fqdn: string, Action: string, extra: Record<string, unknown> = {}) => ({
  TimeGenerated: at(time), Fqdn, Action, SourceIp: '10.42.1.4', DestinationPort: 443, Protocol: 'HTTPS', TargetUrl: '',
  ActionReason: Action === 'Deny' ? 'Default Action' : '', WebCategory: '', _ResourceId: fw.toLowerCase(), ...extra,
});
const diag = (time: string, Category: string, msg_s: string, resourceId = fw) => ({ TimeGenerated: at(time), Category, msg_s, ResourceId: resourceId.toUpperCase() });

let directory: string;
let emulator: LogsEmulator;
let logs: FirewallLogs;
let client: LogsQueryClient;
let tlsFiles: { cert: string; key: string };

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'logs-emulator-'));
  const certificates = await ensureSandboxCertificates(directory);
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), certificates.caCertPem]);
  tlsFiles = { cert: certificates.certPem, key: certificates.keyPem };
  emulator = await startLogsEmulator({ tls: tlsFiles });
  client = new LogsQueryClient(credential, { endpoint: `${emulator.url}/v1` });
  logs = new FirewallLogs(client, 'ws-1', [fw]);

  emulator.loadRows('AZFWApplicationRule', [
    appRule('01:10:00', 'ghcr.io', 'Deny'),
    appRule('01:00:00', 'ghcr.io', 'Deny'),
    appRule('01:05:00', 'ghcr.io', 'Deny', { TargetUrl: 'https://ghcr.io/v2/' }),
    appRule('02:00:00', 'mcr.microsoft.com', 'Allow'),
    appRule('07:00:00', 'ghcr.io', 'Deny'), // after the window
    appRule('01:00:00', 'ghcr.io', 'Deny', { _ResourceId: otherFw.toLowerCase() }), // another firewall
  ]);
  emulator.loadRows('AZFWNetworkRule', [
    { TimeGenerated: at('03:00:05'), Action: 'Deny', SourceIp: '10.42.1.7', DestinationIp: '140.82.112.3', DestinationPort: 22, Protocol: 'TCP', _ResourceId: fw },
    { TimeGenerated: at('03:30:00'), Action: 'Deny', SourceIp: '10.42.1.7', DestinationIp: '140.82.112.3', DestinationPort: 22, Protocol: 'TCP', _ResourceId: fw },
  ]);
  emulator.loadRows('AZFWDnsQuery', [
    { TimeGenerated: at('03:00:01'), SourceIp: '10.42.1.7', QueryName: 'github.com.', QueryType: 'A', ResponseCode: 'NOERROR', _ResourceId: fw },
    { TimeGenerated: at('03:00:02'), SourceIp: '10.42.1.7', QueryName: 'nope.example.', QueryType: 'A', ResponseCode: 'NXDOMAIN', _ResourceId: fw },
    { TimeGenerated: at('02:59:00'), SourceIp: '10.42.1.7', QueryName: 'too-early.example.', QueryType: 'A', ResponseCode: 'NOERROR', _ResourceId: fw },
  ]);
  emulator.loadRows('AzureMetrics', [
    { TimeGenerated: at('01:00:00'), MetricName: 'SNATPortUtilization', ResourceId: fw.toUpperCase(), Maximum: 70, Average: 50 },
    { TimeGenerated: at('01:30:00'), MetricName: 'SNATPortUtilization', ResourceId: fw.toUpperCase(), Maximum: 90, Average: 70 },
    { TimeGenerated: at('02:10:00'), MetricName: 'SNATPortUtilization', ResourceId: fw.toUpperCase(), Maximum: 40, Average: 30 },
    { TimeGenerated: at('02:10:00'), MetricName: 'DataProcessed', ResourceId: fw.toUpperCase(), Maximum: 1e9, Average: 1e9 },
  ]);
  emulator.loadRows('AZFWFatFlow', [
    { TimeGenerated: at('01:30:00'), SourceIp: '10.42.1.7', DestinationIp: '20.150.10.4', DestinationPort: 443, Protocol: 'TCP', FlowRate: 250.5, _ResourceId: fw },
  ]);
  emulator.loadRows('AzureDiagnostics', [
    diag('01:00:00', 'AzureFirewallApplicationRule', 'HTTPS request from 10.42.1.9:50000 to pypi.org:443. Action: Deny. No rule matched. Proceeding with default action'),
    diag('01:01:00', 'AzureFirewallApplicationRule', 'HTTP request from 10.42.1.9:50001 to pypi.org:80. Url: pypi.org/simple/. Action: Deny. No rule matched. Proceeding with default action'),
    diag('01:02:00', 'AzureFirewallApplicationRule', 'HTTPS request from 10.42.1.9:50002 to mcr.microsoft.com:443. Action: Allow. Rule Collection: aks. Rule: mcr'),
    diag('01:03:00', 'AzureFirewallApplicationRule', 'HTTPS request from 10.42.1.9:50003. Action: Deny. Reason: SNI TLS extension was missing.'),
    diag('04:00:00', 'AzureFirewallDnsProxy', 'DNS Request: 10.42.1.9:48197 - 15676 A IN api.github.com. udp 36 false 512 NOERROR qr,rd,ra 104 0.000342s'),
    diag('04:00:03', 'AzureFirewallNetworkRule', 'TCP request from 10.42.1.9:40000 to 140.82.112.6:443. Action: Deny'),
    diag('04:00:04', 'AzureFirewallNetworkRule', 'TCP request from 10.42.1.9:40001 to 140.82.112.6:443. Action: Deny. Policy: p. Rule Collection Group: g. Rule Collection: c. Rule: r'),
  ]);
});

afterAll(async () => {
  await emulator?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('logs emulator answers the app queries', () => {
  it('aggregates denied application traffic like the KQL (window, action and firewall filters)', async () => {
    const rows = await logs.queryDeniedApplicationTraffic(window, 'resource-specific');
    expect(rows).toEqual([{
      Fqdn: 'ghcr.io', SourceIp: '10.42.1.4', DestinationPort: 443, Protocol: 'HTTPS', Hits: 3,
      FirstSeen: new Date(at('01:00:00')), LastSeen: new Date(at('01:10:00')), TargetUrl: 'https://ghcr.io/v2/', ActionReason: 'Default Action', WebCategory: '',
    }]);
  });

  it('parses the legacy AzureDiagnostics application messages', async () => {
    const rows = await logs.queryDeniedApplicationTraffic(window, 'azure-diagnostics');
    expect(rows.map(({ Fqdn, DestinationPort, Protocol, Hits, TargetUrl, ActionReason }) => ({ Fqdn, DestinationPort, Protocol, Hits, TargetUrl, ActionReason }))).toEqual([
      { Fqdn: 'pypi.org', DestinationPort: 443, Protocol: 'HTTPS', Hits: 1, TargetUrl: '', ActionReason: 'Default Action' },
      { Fqdn: 'pypi.org', DestinationPort: 80, Protocol: 'HTTP', Hits: 1, TargetUrl: 'pypi.org/simple/', ActionReason: 'Default Action' },
      { Fqdn: '', DestinationPort: 0, Protocol: 'HTTPS', Hits: 1, TargetUrl: '', ActionReason: 'SNI TLS extension was missing' },
    ]);
  });

  it('names denied network destinations from DNS lookups in the 10 s before', async () => {
    expect(await logs.queryDeniedNetworkTraffic(window, 'resource-specific')).toEqual([{
      SourceIp: '10.42.1.7', DestinationIp: '140.82.112.3', DestinationPort: 22, Protocol: 'TCP', Hits: 2,
      FirstSeen: new Date(at('03:00:05')), LastSeen: new Date(at('03:30:00')), DestinationNames: ['github.com'],
    }]);
    expect(await logs.queryDeniedNetworkTraffic(window, 'azure-diagnostics')).toEqual([expect.objectContaining({
      SourceIp: '10.42.1.9', DestinationIp: '140.82.112.6', DestinationPort: 443, Hits: 2, DestinationNames: ['api.github.com'],
    })]);
  });

  it('computes hourly SNAT peak and average per firewall', async () => {
    expect(await logs.querySnatUtilization(window)).toEqual([
      { FirewallId: fw.toLowerCase(), Hour: new Date(at('01:00:00')), PeakPercent: 90, AveragePercent: 60, Samples: 2 },
      { FirewallId: fw.toLowerCase(), Hour: new Date(at('02:00:00')), PeakPercent: 40, AveragePercent: 30, Samples: 1 },
    ]);
  });

  it('detects the log mode from the inventory', async () => {
    const inventory = await logs.getWorkspaceInventory(window);
    expect(inventory).toMatchObject({ mode: 'resource-specific', hasTopFlows: true, hasDnsLog: true, hasSnatMetrics: true, hasFirewallLogs: true, missingTables: [] });
    expect(inventory.rowsBySource).toEqual({ AZFWApplicationRule: 4, AZFWNetworkRule: 2, AZFWDnsQuery: 3, AZFWFatFlow: 1, AzureDiagnostics: 7, AzureMetrics: 3 });
  });

  it('returns the same columns as the KQL analysis, for every query', async () => {
    for (const query of Object.values(firewallQueries)) {
      const text = query.text({ window, firewallIds: [fw] });
      const result = await client.queryWorkspace('ws-1', text, { startTime: window.from, endTime: window.to });
      if (result.status !== 'Success') throw new Error('partial');
      expect({ id: query.id, columns: result.tables[0]?.columnDescriptors }).toEqual({ id: query.id, columns: analyzeKql(text).columns });
    }
  });
});

describe('logs emulator is as strict as Log Analytics about tables', () => {
  let strict: LogsEmulator;
  let strictLogs: FirewallLogs;
  let strictClient: LogsQueryClient;
  const admin = (table: string, init: RequestInit) => fetch(`${strict.url}/admin/tables/${table}`, init);
  const post = (table: string, rows: unknown[]) => admin(table, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) });
  const rawQuery = async (text: string) => {
    const response = await fetch(`${strict.url}/v1/workspaces/ws-1/query`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
    return { status: response.status, body: (await response.json()) as { tables?: { rows: unknown[][] }[]; error?: { code: string; details?: { code: string; innererror?: { message: string; severityName: string } }[]; innererror?: { code: string; message: string; innererror?: { code: string; message: string } } } } };
  };
  const inventoryText = () => firewallQueries['workspace-inventory']!.text({ window, firewallIds: [] });

  beforeAll(async () => {
    strict = await startLogsEmulator({ tls: tlsFiles });
    strictClient = new LogsQueryClient(credential, { endpoint: `${strict.url}/v1` });
    strictLogs = new FirewallLogs(strictClient, 'ws-1', []);
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('answers a query on a table the workspace does not have with 400 BadArgumentError / SemanticError / SEM0100 naming it', async () => {
    expect(await post('AZFWNetworkRule', [])).toMatchObject({ status: 200 });
    const { status, body } = await rawQuery(firewallQueries['denied-network-traffic.resource-specific']!.text({ window, firewallIds: [] }));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'BadArgumentError',
      innererror: { code: 'SemanticError', innererror: { code: 'SEM0100', message: "'where' operator: Failed to resolve table or column expression named 'AZFWDnsQuery'" } },
    });
    // Through the real SDK: a RestError with the body in details.
    await expect(strictLogs.queryDeniedNetworkTraffic(window, 'resource-specific')).rejects.toMatchObject({ name: 'RestError', statusCode: 400, code: 'BadArgumentError' });
    // The query that does not name AZFWDnsQuery runs on the empty table.
    await expect(strictLogs.queryDeniedNetworkTraffic(window, 'resource-specific', { withNames: false })).resolves.toEqual([]);
  });

  it('answers a fuzzy union with missing legs with 200, the rest, and a PartialError whose Warning details name each table', async () => {
    const { status, body } = await rawQuery(inventoryText());
    expect(status).toBe(200);
    expect(body.error?.code).toBe('PartialError');
    expect(body.error?.details?.map((detail) => [detail.code, detail.innererror?.severityName, /named '(\w+)'/.exec(detail.innererror?.message ?? '')?.[1]])).toEqual(
      ['AZFWApplicationRule', 'AZFWDnsQuery', 'AZFWFatFlow', 'AzureDiagnostics', 'AzureMetrics'].map((table) => ['EngineError', 'Warning', table]),
    );
    // The SDK reports PartialFailure; the inventory accepts it and reads the missing tables from the rows.
    const result = await strictClient.queryWorkspace('ws-1', inventoryText(), { duration: 'P1D' });
    expect(result.status).toBe('PartialFailure');
    await expect(strictLogs.getWorkspaceInventory(window)).resolves.toMatchObject({
      rowsBySource: { AZFWNetworkRule: 0 },
      missingTables: ['AZFWApplicationRule', 'AZFWDnsQuery', 'AZFWFatFlow', 'AzureDiagnostics', 'AzureMetrics'],
      hasFirewallLogs: true,
      hasDnsLog: false,
      hasTopFlows: false,
    });
  });

  it('answers the inventory on a workspace with none of the tables with 200: its anchor leg resolves, every table leg warns, no rows', async () => {
    expect(await admin('AZFWNetworkRule', { method: 'DELETE' })).toMatchObject({ status: 200 });
    const { status, body } = await rawQuery(inventoryText());
    expect(status).toBe(200);
    expect(body.tables?.[0]?.rows).toEqual([]);
    expect(body.error?.code).toBe('PartialError');
    expect(body.error?.details?.map((detail) => [detail.code, detail.innererror?.severityName, /named '(\w+)'/.exec(detail.innererror?.message ?? '')?.[1]])).toEqual(
      [...inventorySources].map((table) => ['EngineError', 'Warning', table]),
    );
    await expect(strictLogs.getWorkspaceInventory(window)).resolves.toEqual({
      rowsBySource: {}, missingTables: [...inventorySources], mode: 'resource-specific',
      hasTopFlows: false, hasDnsLog: false, hasSnatMetrics: false, hasFirewallLogs: false,
    });
  });

  it('reads the anchor from the query text: the same union without it, with every leg missing, gets 400', async () => {
    const withoutAnchor = inventoryText().replace(`${inventoryAnchorLeg},\n`, '');
    expect(withoutAnchor).not.toContain('datatable');
    const { status, body } = await rawQuery(withoutAnchor);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BadArgumentError', innererror: { code: 'SemanticError', message: expect.stringContaining('must have at least one operand') } });
    await expect(strictClient.queryWorkspace('ws-1', withoutAnchor, { duration: 'P1D' })).rejects.toMatchObject({ name: 'RestError', statusCode: 400 });
    // With one table leg resolving it needs no anchor.
    expect(await post('AZFWFatFlow', [])).toMatchObject({ status: 200 });
    try {
      expect((await rawQuery(withoutAnchor)).status).toBe(200);
    } finally {
      expect(await admin('AZFWFatFlow', { method: 'DELETE' })).toMatchObject({ status: 200 });
    }
  });

  it('creates a table with [] or rows, removes one with DELETE, and refuses bad bodies and unknown tables', async () => {
    expect(await (await post('AZFWDnsQuery', [])).json()).toEqual({ table: 'AZFWDnsQuery', loaded: 0 });
    expect((await rawQuery(inventoryText())).status).toBe(200);
    expect(await (await admin('AZFWDnsQuery', { method: 'DELETE' })).json()).toEqual({ table: 'AZFWDnsQuery', deleted: true });
    expect((await admin('AZFWDnsQuery', { method: 'DELETE' })).status).toBe(404);
    expect((await admin('AZFWDnsQuery', { method: 'POST', body: '{"not":"an array"}' })).status).toBe(400);
    expect((await admin('AZFWDnsQuery', { method: 'PUT' })).status).toBe(405);
  });
});

describe('logs emulator errors', () => {
  it('answers an unknown query with Log Analytics\' 400 BadArgumentError/SemanticError', async () => {
    await expect(client.queryWorkspace('ws-1', 'AZFWApplicationRule | take 10', { duration: 'P1D' })).rejects.toMatchObject({
      name: 'RestError', statusCode: 400, code: 'BadArgumentError',
    });
  });

  it('requires a bearer token', async () => {
    const response = await fetch(`${emulator.url}/v1/workspaces/ws-1/query`, { method: 'POST', body: '{"query":"x"}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'AuthorizationRequiredError' } });
  });

  it('loads a portal CSV export through the admin endpoint', async () => {
    const csv = '\uFEFFTimeGenerated [UTC],Fqdn,Action,SourceIp,DestinationPort,Protocol,_ResourceId\r\n' +
      `"2026-11-23T05:00:00Z","weird,""name"".example",Deny,10.42.1.20,443,HTTPS,${fw}\r\n`;
    const response = await fetch(`${emulator.url}/admin/tables/AZFWFatFlowCsvProbe`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(await response.json()).toEqual({ table: 'AZFWFatFlowCsvProbe', loaded: 1 });
  });
});
