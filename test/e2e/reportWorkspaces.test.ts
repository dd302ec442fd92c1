import { LIFELINE_TITLE } from '../../shared/core/cards/lifelineSection';
import { NO_FIREWALL_LOGS_TEXT } from '../../shared/core/cards/reportCard';
import type { EgressReportRun } from '../../shared/runtime/egressReport';
import { generateFirewallDay, type FirewallDay } from '../../sandbox/seed/logs/firewallDay';
import { assertValidAdaptiveCard } from '../support/adaptiveCards';
import { eventually, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { cardTexts, sinkMessages } from './reportHelpers';

/**
 * The report against workspaces shaped like real ones: tables appear only once their log category sent data, and the
 * sandbox's Log Analytics emulator refuses a query naming an absent table as Log Analytics does (400), and answers
 * the inventory's fuzzy union with a PartialError. Each "workspace" is the sandbox's one workspace with tables
 * removed (DELETE /admin/tables/<Table>) and put back afterwards.
 */
const firewallTables = ['AZFWApplicationRule', 'AZFWNetworkRule', 'AZFWDnsQuery', 'AZFWFatFlow', 'AzureMetrics'] as const;
const clusterId = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress';

describe('egress report v2 on workspaces with and without each firewall table', () => {
  let sandbox: SandboxProcess;
  let day: FirewallDay;
  let firewallId: string;
  const tablesUrl = () => sandbox.endpoints.logs.adminTablesUrl;
  const loadRows = async (table: string, rows: readonly unknown[]) => {
    const response = await fetch(`${tablesUrl()}/${table}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) });
    expect(response.status).toBe(200);
  };
  const deleteTable = async (table: string) => expect((await fetch(`${tablesUrl()}/${table}`, { method: 'DELETE' })).status).toBe(200);
  /** An explicit window over the seeded day: posted to the sink like a scheduled one, the state left alone. */
  const reportNow = async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 23 * 3600_000);
    const response = await sandbox.callFunction('/api/reports/egress', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: from.toISOString(), to: to.toISOString() }),
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as EgressReportRun;
    expect(run.delivery.delivered).toBe(true);
    const [latest] = await sinkMessages(sandbox.endpoints.teams.messagesUrl);
    const card = latest!.payload.attachments[0]!.content;
    assertValidAdaptiveCard(card);
    return { run, texts: cardTexts(card), all: cardTexts(card).join('\n') };
  };

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ timers: false, initialSweep: false });
    firewallId = sandbox.endpoints.appSettings.FIREWALL_RESOURCE_IDS!.toLowerCase();
    // Rows to put a removed table back with (same generator as the sandbox's seed, anchored now).
    day = generateFirewallDay(new Date());
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('the default seed keeps every table: no warning, and every section is on the card', async () => {
    expect(sandbox.endpoints.logs.seededTables).toEqual(expect.arrayContaining([...firewallTables]));
    const { run, all } = await reportNow();
    expect(run.report.warnings).toEqual([]);
    for (const section of ['Top denied FQDNs', 'Denied network flows', 'Denied requests by cluster', 'SNAT port utilisation', 'heaviest flows (top flows log)']) expect(all).toContain(section);
  });

  it('shows denied network flows with their resolved names, an AKS requirement in the lifeline (no request link), and labels unattributed sources', async () => {
    const now = Date.now();
    const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
    await loadRows('AZFWApplicationRule', [
      // A guarded cluster's node cannot pull from MCR: its next upgrade or scale-out fails.
      { TimeGenerated: at(60), Action: 'Deny', ActionReason: 'Default Action', Fqdn: 'mcr.microsoft.com', TargetUrl: '', Protocol: 'HTTPS', SourceIp: '10.42.1.9', SourcePort: 40001, DestinationPort: 443, RuleCollection: '', Rule: '', WebCategory: '', _ResourceId: firewallId },
      // A source in no known subnet.
      { TimeGenerated: at(50), Action: 'Deny', ActionReason: 'Default Action', Fqdn: 'example.org', TargetUrl: '', Protocol: 'HTTPS', SourceIp: '10.1.2.3', SourcePort: 40002, DestinationPort: 443, RuleCollection: '', Rule: '', WebCategory: '', _ResourceId: firewallId },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { run, texts, all } = await reportNow();

    // Lifeline first, right under the title; MCR and the seed's denied NTP (UDP 123) for aks-egress.
    expect(texts[0]).toBe('Egress report');
    expect(texts[1]).toBe(LIFELINE_TITLE);
    expect(run.report.lifeline).toEqual([expect.objectContaining({ clusterId, region: 'westeurope' })]);
    expect(run.report.lifeline[0]!.denials.map((denial) => denial.destination)).toEqual(expect.arrayContaining(['mcr.microsoft.com', '185.125.190.58:123/UDP']));
    const lifelineFacts = texts.filter((text) => text.startsWith('mcr.microsoft.com: '));
    expect(lifelineFacts).toEqual([expect.stringMatching(/^mcr\.microsoft\.com: 1 hit\. Breaks: node bootstrap, scale-out and upgrades.*Fix: allow the AzureKubernetesService FQDN tag \(HTTPS:443\) from vnet-spoke-aks\/aks-subnet/)]);
    expect(all).not.toContain('fqdn=mcr.microsoft.com');
    expect(all).toContain('AKS baseline (see lifeline)');
    expect(all).toContain('/api/rule-requests/new?fqdn=registry.npmjs.org');

    // Denied network flows with the names the DNS proxy resolved just before.
    const github = run.report.deniedNetworkFlows.find((flow) => flow.destinationIp === '140.82.112.3');
    expect(github).toMatchObject({ destinationPort: 22, protocol: 'TCP', destinationNames: ['github.com'], clusterIds: [clusterId] });
    const row = texts.indexOf('140.82.112.3:22/TCP');
    expect(row).toBeGreaterThan(0);
    expect(texts[row + 1]).toBe('github.com');

    // Never a bare bullet for an unknown source.
    // On the FQDN's row (clusters / subnets cell) and in the per-cluster list.
    expect(texts.some((text) => text.startsWith('unattributed (10.1.2.3)\n'))).toBe(true);
    expect(texts.some((text) => text.startsWith('unattributed (10.1.2.3): '))).toBe(true);
  });

  it.each([
    { table: 'AZFWDnsQuery', warning: 'DNS proxy log not enabled (no AZFWDnsQuery table): network denials without names.', gone: [], kept: ['Denied network flows', 'Top denied FQDNs', 'SNAT port utilisation', 'heaviest flows (top flows log)'] },
    { table: 'AZFWNetworkRule', warning: 'Network rule log not in the workspace (no AZFWNetworkRule table', gone: ['Denied network flows'], kept: ['Top denied FQDNs', 'SNAT port utilisation', 'heaviest flows (top flows log)'] },
    { table: 'AZFWFatFlow', warning: 'Top flows log not enabled (no AZFWFatFlow table): SNAT pressure is not attributed to sources.', gone: ['heaviest flows (top flows log)'], kept: ['Top denied FQDNs', 'Denied network flows', 'SNAT port utilisation'] },
    { table: 'AzureMetrics', warning: 'No SNAT metrics: AzureMetrics has no SNATPortUtilization rows', gone: ['SNAT port utilisation', 'heaviest flows (top flows log)'], kept: ['Top denied FQDNs', 'Denied network flows'] },
  ])('a workspace without $table: a delivered card with the remaining sections and the warning', async ({ table, warning, gone, kept }) => {
    await deleteTable(table);
    try {
      const { run, all } = await reportNow();
      expect(all).toContain(`Warning: ${warning}`);
      for (const section of kept) expect(all).toContain(section);
      for (const section of gone) expect(all).not.toContain(section);
      expect(run.report.firewallLogsFound).toBe(true);
      if (table === 'AZFWDnsQuery') expect(run.report.deniedNetworkFlows.every((flow) => flow.destinationNames.length === 0)).toBe(true);
    } finally {
      await loadRows(table, day[table as keyof FirewallDay]);
    }
  });

  it('a workspace with no firewall tables: the timer delivers a card that says so, and does not fail', async () => {
    for (const table of firewallTables) await deleteTable(table);
    const before = (await sinkMessages(sandbox.endpoints.teams.messagesUrl)).length;
    expect((await sandbox.runFunction('egressReportTimer')).status).toBeLessThan(300);
    const [message] = await eventually('the report card in the Teams sink', async () => {
      const messages = await sinkMessages(sandbox.endpoints.teams.messagesUrl);
      return messages.length > before ? messages : undefined;
    });
    const card = message!.payload.attachments[0]!.content;
    assertValidAdaptiveCard(card);
    const texts = cardTexts(card);
    expect(texts).toContain(NO_FIREWALL_LOGS_TEXT);
    expect(texts.filter((text) => text.includes('No Azure Firewall logs in this workspace'))).toHaveLength(1);
    expect(texts.join('\n')).not.toContain('No requests were denied in this window.');
    await eventually('the timer invocation to finish', async () => (/egressReportTimer' \(Succeeded/.test(sandbox.output()) ? true : undefined));
    expect(sandbox.output()).not.toMatch(/egressReportTimer' \(Failed/);
  });
});
