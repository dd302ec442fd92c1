import { buildEgressReport, type EgressReportInput } from '../../../../shared/core/report/egressReport';

const t = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);
const app = (Fqdn: string, SourceIp: string, Hits: number, extra: Partial<EgressReportInput['deniedApplicationTraffic'][number]> = {}) => ({
  Fqdn, SourceIp, Hits, DestinationPort: 443, Protocol: 'HTTPS', FirstSeen: t('01:00'), LastSeen: t('02:00'),
  TargetUrl: '', ActionReason: 'Default Action', WebCategory: '', ...extra,
});
const fwId = '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub';

const input: EgressReportInput = {
  window: { from: t('00:00'), to: t('06:00') },
  logMode: 'resource-specific',
  deniedApplicationTraffic: [
    app('ghcr.io', '10.42.1.4', 5, { FirstSeen: t('00:30') }),
    app('GHCR.io.', '10.42.1.5', 7, { DestinationPort: 80, Protocol: 'HTTP', LastSeen: t('05:00'), TargetUrl: 'ghcr.io/v2/' }),
    app('registry.npmjs.org', '10.42.1.4', 20),
    app('pypi.org', '172.16.0.9', 3),
  ],
  deniedNetworkTraffic: [
    { SourceIp: '10.42.1.6', DestinationIp: '20.1.2.3', DestinationPort: 22, Protocol: 'TCP', Hits: 4, FirstSeen: t('01:00'), LastSeen: t('01:10'), DestinationNames: ['git.example.com.'] },
  ],
  snatHours: [
    { FirewallId: fwId.toLowerCase(), Hour: t('01:00'), PeakPercent: 50, AveragePercent: 40 },
    { FirewallId: fwId.toLowerCase(), Hour: t('00:00'), PeakPercent: 86.5, AveragePercent: 60 },
  ],
  firewalls: [{ id: fwId, name: 'fw-hub', properties: { ipConfigurations: [{ properties: { publicIPAddress: { id: 'pip1' } } }] } }],
  subnets: [{ subnetId: 'snet-aks', prefixes: ['10.42.1.0/24'], clusterIds: ['aks-prod'] }],
  previousDeniedFqdns: ['registry.npmjs.org'],
  snatThresholdPercent: 80,
};

describe('buildEgressReport', () => {
  const report = buildEgressReport(input);

  it('merges FQDN spellings, ranks by hits and marks new ones', () => {
    expect(report.deniedFqdns.map(({ fqdn, hits, isNew }) => ({ fqdn, hits, isNew }))).toEqual([
      { fqdn: 'registry.npmjs.org', hits: 20, isNew: false },
      { fqdn: 'ghcr.io', hits: 12, isNew: true },
      { fqdn: 'pypi.org', hits: 3, isNew: true },
    ]);
  });

  it('keeps the widest first/last seen, ports, sample URL and attribution of a merged FQDN', () => {
    expect(report.deniedFqdns[1]).toMatchObject({
      firstSeen: t('00:30').toISOString(), lastSeen: t('05:00').toISOString(), ports: [80, 443], protocols: ['HTTP', 'HTTPS'],
      sampleUrl: 'ghcr.io/v2/', sourceIpCount: 2, clusterIds: ['aks-prod'], subnetIds: ['snet-aks'],
    });
  });

  it('breaks down by cluster and lists unattributed sources', () => {
    expect(report.clusters).toEqual([{
      clusterId: 'aks-prod', deniedApplicationHits: 32, deniedNetworkHits: 4, subnetIds: ['snet-aks'],
      topDeniedFqdns: [{ fqdn: 'registry.npmjs.org', hits: 20, isNew: false }, { fqdn: 'ghcr.io', hits: 12, isNew: true }],
    }]);
    expect(report.unattributedSources).toEqual([{ sourceIp: '172.16.0.9', hits: 3 }]);
  });

  it('summarises SNAT per firewall with an ordered hourly series and a recommendation', () => {
    expect(report.snat).toEqual([expect.objectContaining({
      firewallName: 'fw-hub', publicIpCount: 1, instanceCount: 2, capacityPorts: 4992, peakPercent: 86.5, averagePercent: 50,
      peakAt: t('00:00').toISOString(), overThreshold: true,
      hourly: [{ hour: t('00:00').toISOString(), peakPercent: 86.5, averagePercent: 60 }, { hour: t('01:00').toISOString(), peakPercent: 50, averagePercent: 40 }],
      recommendation: { kind: 'add-public-ips', additionalPublicIps: 1, natGatewayAlternative: true },
    })]);
  });

  it('fills the headline', () => {
    expect(report.headline).toEqual({
      deniedApplicationHits: 35, deniedFqdnCount: 3, newDeniedFqdnCount: 2, deniedNetworkHits: 4,
      affectedClusterCount: 1, peakSnatPercent: 86.5, firewallsOverSnatThreshold: 1,
    });
    expect(report.deniedNetworkFlows[0]?.destinationNames).toEqual(['git.example.com']);
  });

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
