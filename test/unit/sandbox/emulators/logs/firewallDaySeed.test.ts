import type { ColumnTable } from '../../../../../shared/azure/logs/queries/columns';
import type { FirewallQuery } from '../../../../../shared/azure/logs/queries/firewallQuery';
import { readRows } from '../../../../../shared/azure/logs/queries/readRows';
import { deniedApplicationTrafficQuery, deniedNetworkTrafficQuery, snatUtilizationQuery } from '../../../../../shared/azure/logs/queries';
import { buildEgressReport } from '../../../../../shared/core/report/egressReport';
import { evaluators } from '../../../../../sandbox/emulators/logs/evaluators';
import { parseAppQuery } from '../../../../../sandbox/emulators/logs/queryParameters';
import { generateFirewallDay, seedFirewallId } from '../../../../../sandbox/seed/logs/firewallDay';

const now = new Date('2026-11-23T07:00:00Z');
const day = generateFirewallDay(now);
const store = new Map(Object.entries(day));
const window = { from: new Date(now.getTime() - 24 * 3600_000), to: now };

function run<C extends ColumnTable>(query: FirewallQuery<C>) {
  const parsed = parseAppQuery(query.text({ window, firewallIds: [seedFirewallId] }))!;
  const result = evaluators[query.id]!(store, parsed);
  return readRows(query.id, query.columns, { columnDescriptors: result.columns, rows: result.rows });
}

describe('generateFirewallDay', () => {
  it('is deterministic, under 1 MB and entirely inside the 24 hours before the anchor', () => {
    expect(generateFirewallDay(now)).toEqual(day);
    expect(JSON.stringify(day).length).toBeLessThan(1024 * 1024);
    const times = Object.values(day).flat().map((row) => Date.parse(String(row.TimeGenerated)));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(window.from.getTime());
    expect(Math.max(...times)).toBeLessThan(now.getTime());
  });

  it('tells the intended story through the queries and the report', () => {
    const report = buildEgressReport({
      window, logMode: 'resource-specific',
      deniedApplicationTraffic: run(deniedApplicationTrafficQuery),
      deniedNetworkTraffic: run(deniedNetworkTrafficQuery),
      snatHours: run(snatUtilizationQuery),
      firewalls: [{ id: seedFirewallId, name: 'fw-hub', properties: { ipConfigurations: [{ properties: { publicIPAddress: { id: 'pip-fw-hub' } } }] } }],
      subnets: [{ subnetId: 'snet-aks', prefixes: ['10.42.1.0/24'], clusterIds: ['aks-prod'] }],
      previousDeniedFqdns: ['registry.npmjs.org'],
      snatThresholdPercent: 80,
    });
    const fqdns = report.deniedFqdns.map((entry) => entry.fqdn);
    expect(fqdns[0]).toBe('registry.npmjs.org');
    expect(fqdns).toEqual(expect.arrayContaining(['ghcr.io', 'api.github.com', 'pypi.org']));
    expect(fqdns).not.toContain('mcr.microsoft.com');
    expect(report.unattributedSources).toEqual([]);
    expect(report.deniedNetworkFlows.find((flow) => flow.destinationPort === 22)?.destinationNames).toContain('github.com');
    expect(report.headline.peakSnatPercent).toBeGreaterThan(80);
    expect(report.snat[0]?.hourly).toHaveLength(24);
    expect(report.snat[0]?.recommendation.kind).toBe('add-public-ips');
  });
});
