import type { ReportState } from '../../../shared/azure/tables/reportState';
import type { PostResult } from '../../../shared/azure/teams';
import { inventorySources, type InventorySource } from '../../../shared/azure/logs/queries';
import { busiestHourOf, planQueries, runEgressReport, type EgressReportRunDeps } from '../../../shared/runtime/egressReport';

const now = new Date('2026-11-23T07:00:00Z');
const clusterId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-a';
const firewallId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/fw';
const hit = (fqdn: string, hits: number) => ({
  Fqdn: fqdn, SourceIp: '10.0.0.5', DestinationPort: 443, Protocol: 'HTTPS', Hits: hits,
  FirstSeen: new Date('2026-11-23T01:00:00Z'), LastSeen: new Date('2026-11-23T02:00:00Z'), TargetUrl: '', ActionReason: '', WebCategory: '',
});

/** What getWorkspaceInventory answers for a workspace missing `missing` (rows everywhere else). */
const inventoryWithout = (missing: readonly InventorySource[], snatInWorkspace = true) => {
  const rowsBySource = Object.fromEntries(inventorySources.filter((source) => !missing.includes(source)).map((source) => [source, source === 'AzureMetrics' && !snatInWorkspace ? 0 : 10]));
  const has = (source: InventorySource) => !missing.includes(source);
  return {
    rowsBySource, missingTables: [...missing], mode: 'resource-specific' as const, hasTopFlows: has('AZFWFatFlow'), hasDnsLog: has('AZFWDnsQuery'),
    hasSnatMetrics: has('AzureMetrics') && snatInWorkspace, hasFirewallLogs: has('AZFWApplicationRule') || has('AZFWNetworkRule') || has('AzureDiagnostics'),
  };
};

function fakePorts(options: { state?: ReportState; post?: PostResult; snatInWorkspace?: boolean; metrics?: boolean; missing?: InventorySource[] } = {}) {
  let saved: ReportState = options.state ?? { deniedFqdns: [], consecutiveFailures: 0 };
  const logged: string[] = [];
  const posted: unknown[] = [];
  const queriedWindows: { from: Date; to: Date }[] = [];
  const ports: EgressReportRunDeps = {
    settings: { reportLogMode: 'auto', reportMaxWindowDays: 7, snatThresholdPercent: 80, firewallResourceIds: [firewallId], publicBaseUrl: 'https://func.example.net' },
    logs: {
      getWorkspaceInventory: jest.fn(async (window) => {
        queriedWindows.push(window);
        return inventoryWithout(options.missing ?? ['AZFWFatFlow'], options.snatInWorkspace ?? true);
      }),
      queryDeniedApplicationTraffic: jest.fn(async () => [hit('registry.npmjs.org', 5), hit('ghcr.io', 3)]),
      queryDeniedNetworkTraffic: jest.fn(async () => []),
      querySnatUtilization: jest.fn(async () => [
        { FirewallId: firewallId.toLowerCase(), Hour: new Date('2026-11-23T01:00:00Z'), PeakPercent: 90, AveragePercent: 60, Samples: 60 },
        { FirewallId: firewallId.toLowerCase(), Hour: new Date('2026-11-23T02:00:00Z'), PeakPercent: 70, AveragePercent: 50, Samples: 60 },
      ]),
      queryTopFlows: jest.fn(async () => [
        { SourceIp: '10.0.0.9', DestinationIp: '20.150.10.4', DestinationPort: 443, Protocol: 'TCP', Samples: 3, PeakFlowRateMbps: 300, AverageFlowRateMbps: 200, FirstSeen: new Date('2026-11-23T01:05:00Z'), LastSeen: new Date('2026-11-23T01:50:00Z') },
        { SourceIp: '10.9.9.9', DestinationIp: '20.150.10.4', DestinationPort: 443, Protocol: 'TCP', Samples: 1, PeakFlowRateMbps: 100, AverageFlowRateMbps: 100, FirstSeen: new Date('2026-11-23T01:10:00Z'), LastSeen: new Date('2026-11-23T01:10:00Z') },
      ]),
    },
    snatMetrics: options.metrics ? { querySnatHours: jest.fn(async () => [{ FirewallId: firewallId.toLowerCase(), Hour: new Date('2026-11-23T01:00:00Z'), PeakPercent: 40, AveragePercent: 30 }]) } : undefined,
    readScope: async () => ({
      subnets: [{ subnetId: 'subnet-a', prefixes: ['10.0.0.0/24'], clusterIds: [clusterId] }],
      firewalls: [{ id: firewallId, name: 'fw' }],
      clusters: [{ clusterId, location: 'westeurope', apiServerFqdn: 'aks-a-1234.hcp.westeurope.azmk8s.io' }],
      armReads: 2,
    }),
    state: { get: async () => saved, save: async (state) => void (saved = state) },
    teams: { post: async (card) => (posted.push(card), options.post ?? { delivered: true, status: 202, attempts: 1 }) },
    now: () => now,
    log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(`ERROR ${m}`) },
  };
  return { ports, saved: () => saved, logged, posted, queriedWindows };
}

describe('runEgressReport', () => {
  it('first scheduled run: one day, every FQDN new, state advanced to the window end', async () => {
    const fake = fakePorts();
    const run = await runEgressReport(fake.ports);
    expect(run.window).toEqual({ from: '2026-11-22T07:00:00.000Z', to: '2026-11-23T07:00:00.000Z' });
    expect(run.report.deniedFqdns.map((entry) => [entry.fqdn, entry.isNew, entry.clusterIds])).toEqual([
      ['registry.npmjs.org', true, [clusterId]],
      ['ghcr.io', true, [clusterId]],
    ]);
    expect(run.stateAdvanced).toBe(true);
    expect(fake.saved()).toMatchObject({ lastWindowEnd: '2026-11-23T07:00:00.000Z', deniedFqdns: ['registry.npmjs.org', 'ghcr.io'], consecutiveFailures: 0 });
    expect(fake.posted).toHaveLength(1);
  });

  it('marks only FQDNs missing from the previous report as new and starts at the last window end', async () => {
    const fake = fakePorts({ state: { lastWindowEnd: '2026-11-22T19:00:00.000Z', deniedFqdns: ['ghcr.io'], consecutiveFailures: 0 } });
    const run = await runEgressReport(fake.ports);
    expect(run.window.from).toBe('2026-11-22T19:00:00.000Z');
    expect(run.report.deniedFqdns.filter((entry) => entry.isNew).map((entry) => entry.fqdn)).toEqual(['registry.npmjs.org']);
  });

  it.each([
    { label: 'retries exhausted', post: { delivered: false, reason: 'retries-exhausted' as const, status: 500, attempts: 4, error: 'Teams answered HTTP 500' } },
    { label: 'rejected', post: { delivered: false, reason: 'rejected' as const, status: 400, attempts: 1, error: 'Teams answered HTTP 400' } },
  ])('a failed delivery ($label) is recorded, logged and does not advance the window', async ({ post }) => {
    const previous: ReportState = { lastWindowEnd: '2026-11-22T19:00:00.000Z', deniedFqdns: ['ghcr.io'], consecutiveFailures: 1 };
    const fake = fakePorts({ state: previous, post });
    const run = await runEgressReport(fake.ports);
    expect(run.delivery).toMatchObject({ delivered: false, reason: post.reason, status: post.status });
    expect(run.stateAdvanced).toBe(false);
    expect(fake.saved()).toMatchObject({ lastWindowEnd: previous.lastWindowEnd, deniedFqdns: previous.deniedFqdns, consecutiveFailures: 2, lastRun: { delivery: { delivered: false } } });
    expect(fake.logged.some((line) => line.startsWith('ERROR') && line.includes('not advanced'))).toBe(true);
    // The next run covers the failed window again.
    await runEgressReport(fakePorts({ state: fake.saved() }).ports).then((next) => expect(next.window.from).toBe(previous.lastWindowEnd));
  });

  it('advances when Teams did not take it but the Teams outbox queued it (the outbox delivers it, the next run must not repeat it)', async () => {
    const post = { delivered: false, reason: 'retries-exhausted' as const, status: 503, attempts: 4, error: 'Teams answered HTTP 503', queued: { id: 'q-1', nextAttemptAt: '2026-11-23T07:01:00.000Z' } };
    const fake = fakePorts({ state: { lastWindowEnd: '2026-11-22T19:00:00.000Z', deniedFqdns: [], consecutiveFailures: 1 }, post });
    const run = await runEgressReport(fake.ports);
    expect(run.stateAdvanced).toBe(true);
    expect(fake.saved()).toMatchObject({ consecutiveFailures: 0, lastRun: { delivery: { delivered: false, queuedAs: 'q-1', status: 503 } } });
    expect(fake.logged.some((line) => line.includes('queued in the Teams outbox (q-1)'))).toBe(true);
  });

  it('advances when Teams is not configured (nothing to retry)', async () => {
    const fake = fakePorts({ post: { delivered: false, reason: 'not-configured', attempts: 0 } });
    expect((await runEgressReport(fake.ports)).stateAdvanced).toBe(true);
  });

  it('an explicit window is reported but leaves the schedule state alone', async () => {
    const previous: ReportState = { lastWindowEnd: '2026-11-22T19:00:00.000Z', deniedFqdns: ['ghcr.io'], consecutiveFailures: 0 };
    const fake = fakePorts({ state: previous });
    const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
    const run = await runEgressReport(fake.ports, { window });
    expect(run.kind).toBe('explicit');
    expect(fake.queriedWindows).toEqual([window]);
    expect(fake.saved()).toMatchObject({ lastWindowEnd: previous.lastWindowEnd, deniedFqdns: previous.deniedFqdns, lastRun: { kind: 'explicit' } });
  });

  it.each([
    { label: 'AzureMetrics in the workspace', snatInWorkspace: true, metrics: true, source: 'workspace', peak: 90 },
    { label: 'metrics API', snatInWorkspace: false, metrics: true, source: 'metrics-api', peak: 40 },
    { label: 'neither', snatInWorkspace: false, metrics: false, source: 'unavailable', peak: null },
  ])('SNAT from $label', async ({ snatInWorkspace, metrics, source, peak }) => {
    const run = await runEgressReport(fakePorts({ snatInWorkspace, metrics }).ports);
    expect(run.snatSource).toBe(source);
    expect(run.report.headline.peakSnatPercent).toBe(peak);
  });

  it.each([
    { label: 'AZFWDnsQuery', missing: ['AZFWDnsQuery'] as InventorySource[], code: 'dns-log-missing', app: 1, net: 1, withNames: false },
    { label: 'AZFWNetworkRule', missing: ['AZFWNetworkRule'] as InventorySource[], code: 'network-log-missing', app: 1, net: 0, withNames: true },
    { label: 'AZFWApplicationRule', missing: ['AZFWApplicationRule'] as InventorySource[], code: 'application-log-missing', app: 0, net: 1, withNames: true },
    { label: 'AZFWFatFlow', missing: ['AZFWFatFlow'] as InventorySource[], code: 'top-flows-log-missing', app: 1, net: 1, withNames: true },
    { label: 'AzureMetrics', missing: ['AzureMetrics'] as InventorySource[], code: 'snat-metrics-missing', app: 1, net: 1, withNames: true },
  ])('a workspace without $label: runs only the queries whose tables exist and warns ($code)', async ({ missing, code, app, net, withNames }) => {
    const fake = fakePorts({ missing });
    const run = await runEgressReport(fake.ports);
    expect(run.report.warnings.map((warning) => warning.code)).toEqual([code]);
    expect(fake.ports.logs.queryDeniedApplicationTraffic).toHaveBeenCalledTimes(app);
    expect(fake.ports.logs.queryDeniedNetworkTraffic).toHaveBeenCalledTimes(net);
    if (net) expect((fake.ports.logs.queryDeniedNetworkTraffic as jest.Mock).mock.calls[0][2]).toEqual({ withNames });
    expect(run.delivery.delivered).toBe(true);
    expect(run.report.firewallLogsFound).toBe(true);
  });

  it('a workspace with no firewall tables: no denial queries, one warning, the card says so and is delivered', async () => {
    const fake = fakePorts({ missing: [...inventorySources] });
    const run = await runEgressReport(fake.ports);
    expect(run.report.firewallLogsFound).toBe(false);
    expect(run.report.warnings.map((warning) => warning.code)).toEqual(['no-firewall-logs', 'snat-metrics-missing']);
    expect(fake.ports.logs.queryDeniedApplicationTraffic).not.toHaveBeenCalled();
    expect(fake.ports.logs.queryDeniedNetworkTraffic).not.toHaveBeenCalled();
    expect(fake.ports.logs.queryTopFlows).not.toHaveBeenCalled();
    expect(JSON.stringify(fake.posted[0])).toContain('No Azure Firewall logs in this workspace');
    expect(run.stateAdvanced).toBe(true);
  });

  it('queries the top flows of the busiest SNAT hour and attributes them to clusters', async () => {
    const fake = fakePorts({ missing: [] });
    const run = await runEgressReport(fake.ports);
    expect(fake.ports.logs.queryTopFlows).toHaveBeenCalledWith({ from: new Date('2026-11-23T01:00:00Z'), to: new Date('2026-11-23T02:00:00Z') });
    expect(run.report.snatAttribution).toMatchObject({
      sources: [{ sourceIp: '10.0.0.9', clusterIds: [clusterId], peakMbps: 300 }, { sourceIp: '10.9.9.9', clusterIds: [] }],
      destinations: [{ destination: '20.150.10.4:443/TCP', peakMbps: 400, flows: 2 }],
      findings: ['concentrated-source', 'concentrated-destination'],
    });
    expect(JSON.stringify(fake.posted[0])).toContain('unattributed (10.9.9.9)');
  });
});

describe('planQueries', () => {
  it('in legacy mode reads AzureDiagnostics for both denial queries and warns about no AZFW table', () => {
    const plan = planQueries({ ...inventoryWithout(['AZFWApplicationRule', 'AZFWNetworkRule', 'AZFWDnsQuery']), mode: 'azure-diagnostics' }, 'azure-diagnostics', false);
    expect(plan).toMatchObject({ application: true, network: true, topFlows: true, warnings: [] });
  });

  it('does not warn about AzureMetrics when the metrics API is configured', () => {
    expect(planQueries(inventoryWithout(['AzureMetrics']), 'resource-specific', true).warnings).toEqual([]);
  });
});

describe('busiestHourOf', () => {
  const window = { from: new Date('2026-11-23T00:30:00Z'), to: new Date('2026-11-23T03:00:00Z') };
  it('is the hour with the highest peak, clipped to the window', () => {
    const hour = (iso: string, PeakPercent: number) => ({ FirewallId: 'fw', Hour: new Date(iso), PeakPercent, AveragePercent: 1 });
    expect(busiestHourOf([hour('2026-11-23T00:00:00Z', 95), hour('2026-11-23T01:00:00Z', 90)], window)).toEqual({ from: window.from, to: new Date('2026-11-23T01:00:00Z') });
    expect(busiestHourOf([], window)).toBeUndefined();
  });
});
