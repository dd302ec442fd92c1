import { aksRequiredEgress, fqdnMatches, requiredRulesFor } from '../../../../shared/core/report/aksLifeline';
import { buildEgressReport, type EgressReportInput } from '../../../../shared/core/report/egressReport';
import { toReportCardModel, unattributedLabel } from '../../../../shared/core/report/toReportCardModel';

const t = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);
const clusterId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod';
const subnetId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks';
const app = (Fqdn: string, SourceIp: string, Hits: number) => ({
  Fqdn, SourceIp, Hits, DestinationPort: 443, Protocol: 'HTTPS', FirstSeen: t('01:00'), LastSeen: t('02:00'), TargetUrl: '', ActionReason: 'Default Action', WebCategory: '',
});
const net = (DestinationIp: string, DestinationPort: number, Protocol: string, SourceIp: string, DestinationNames: string[] = []) => ({
  SourceIp, DestinationIp, DestinationPort, Protocol, Hits: 3, FirstSeen: t('01:00'), LastSeen: t('03:00'), DestinationNames,
});

const input: EgressReportInput = {
  window: { from: t('00:00'), to: t('06:00') },
  logMode: 'resource-specific',
  deniedApplicationTraffic: [
    app('mcr.microsoft.com', '10.42.1.4', 9),
    app('westeurope.data.mcr.microsoft.com', '10.42.1.5', 2),
    app('aks-prod-1a2b.hcp.westeurope.azmk8s.io', '10.42.1.5', 4),
    app('other.hcp.eastus.azmk8s.io', '10.42.1.5', 1), // another region: not this cluster's requirement
    app('registry.npmjs.org', '10.42.1.4', 20),
    app('mcr.microsoft.com', '10.99.0.7', 5), // a source no subnet contains: not a cluster's lifeline
  ],
  deniedNetworkTraffic: [
    net('20.61.15.100', 1194, 'udp', '10.42.1.6'),
    net('185.125.190.58', 123, 'UDP', '10.42.1.6', ['ntp.ubuntu.com']),
    net('20.61.15.100', 443, 'TCP', '10.42.1.6', ['aks-prod-1a2b.hcp.westeurope.azmk8s.io']),
    net('140.82.112.3', 22, 'TCP', '10.42.1.6', ['github.com']),
    net('203.0.113.9', 25, 'TCP', '10.1.2.3'),
  ],
  snatHours: [],
  firewalls: [],
  subnets: [{ subnetId, prefixes: ['10.42.1.0/24'], clusterIds: [clusterId] }],
  previousDeniedFqdns: [],
  snatThresholdPercent: 80,
  clusters: [{ clusterId, location: 'West Europe', apiServerFqdn: 'aks-prod-1a2b.hcp.westeurope.azmk8s.io' }],
};

describe('AKS required egress data', () => {
  it('holds Microsoft\'s global required FQDNs and network rules', () => {
    expect(aksRequiredEgress.fqdnRules.map((rule) => rule.fqdn)).toEqual(expect.arrayContaining([
      '*.hcp.<region>.azmk8s.io', 'mcr.microsoft.com', '*.data.mcr.microsoft.com', 'management.azure.com', 'login.microsoftonline.com',
      'packages.microsoft.com', 'acs-mirror.azureedge.net', 'packages.aks.azure.com',
    ]));
    expect(aksRequiredEgress.networkRules.map((rule) => `${rule.protocol} ${rule.port}`)).toEqual(expect.arrayContaining(['UDP 1194', 'TCP 9000', 'UDP 123']));
  });

  it('fills in the region and API server FQDN per cluster, and drops rules needing an unknown FQDN', () => {
    const rules = requiredRulesFor({ clusterId, location: 'West Europe', apiServerFqdn: 'A.hcp.westeurope.azmk8s.io' });
    expect(rules.fqdnRules.map((rule) => rule.fqdn)).toEqual(expect.arrayContaining(['a.hcp.westeurope.azmk8s.io', '*.hcp.westeurope.azmk8s.io']));
    expect(rules.networkRules.find((rule) => rule.port === 1194)?.destination).toBe('AzureCloud.westeurope');
    const privateCluster = requiredRulesFor({ clusterId, location: 'eastus' });
    expect(privateCluster.fqdnRules.some((rule) => rule.fqdn.includes('<'))).toBe(false);
    expect(privateCluster.networkRules.some((rule) => rule.port === 443)).toBe(false);
  });

  it.each([
    { pattern: '*.data.mcr.microsoft.com', fqdn: 'westeurope.data.mcr.microsoft.com.', matches: true },
    { pattern: '*.data.mcr.microsoft.com', fqdn: 'data.mcr.microsoft.com', matches: false },
    { pattern: 'mcr.microsoft.com', fqdn: 'MCR.microsoft.com', matches: true },
    { pattern: 'mcr.microsoft.com', fqdn: 'evilmcr.microsoft.com', matches: false },
  ])('fqdnMatches($pattern, $fqdn) is $matches', ({ pattern, fqdn, matches }) => {
    expect(fqdnMatches(pattern, fqdn)).toBe(matches);
  });
});

describe('the lifeline section of the report', () => {
  const report = buildEgressReport(input);

  it('lists each denied requirement of the cluster whose subnet sent it, with what breaks and the fix', () => {
    expect(report.lifeline).toHaveLength(1);
    const [cluster] = report.lifeline;
    expect(cluster).toMatchObject({ clusterId, region: 'West Europe', subnetIds: [subnetId] });
    expect(cluster!.denials.map((denial) => [denial.kind, denial.destination, denial.hits])).toEqual([
      ['fqdn', 'mcr.microsoft.com', 9],
      ['fqdn', 'aks-prod-1a2b.hcp.westeurope.azmk8s.io', 4],
      ['network', '185.125.190.58:123/UDP', 3],
      ['network', '20.61.15.100:1194/UDP', 3],
      ['network', '20.61.15.100:443/TCP', 3],
      ['fqdn', 'westeurope.data.mcr.microsoft.com', 2],
    ]);
    const byDestination = Object.fromEntries(cluster!.denials.map((denial) => [denial.destination, denial]));
    expect(byDestination['mcr.microsoft.com']).toMatchObject({ requirement: 'mcr.microsoft.com', breaks: expect.stringContaining('upgrades'), fix: expect.stringContaining('AzureKubernetesService FQDN tag') });
    expect(byDestination['mcr.microsoft.com']!.fix).toContain('vnet-spoke/aks');
    expect(byDestination['20.61.15.100:1194/UDP']).toMatchObject({ requirement: 'UDP 1194 to AzureCloud.westeurope', fix: 'network rule UDP 1194 from vnet-spoke/aks to AzureCloud.westeurope in the baseline' });
    expect(byDestination['20.61.15.100:443/TCP']!.requirement).toBe('TCP 443 to aks-prod-1a2b.hcp.westeurope.azmk8s.io');
  });

  it('never offers a request link for a required FQDN, and keeps links for the rest', () => {
    const model = toReportCardModel(report, { publicBaseUrl: 'https://func.example.net' });
    const rows = Object.fromEntries(model.deniedFqdns.map((row) => [row.fqdn, row]));
    expect(rows['mcr.microsoft.com']).toMatchObject({ aksRequired: true, requestRuleUrl: '' });
    expect(rows['registry.npmjs.org']).toMatchObject({ aksRequired: false, requestRuleUrl: expect.stringContaining('fqdn=registry.npmjs.org') });
    expect(rows['other.hcp.eastus.azmk8s.io']).toMatchObject({ aksRequired: false });
  });

  it('labels sources no subnet contains, on each row and in the per-cluster list', () => {
    const model = toReportCardModel(report, { publicBaseUrl: 'https://func.example.net' });
    expect(model.deniedFqdns.find((row) => row.fqdn === 'mcr.microsoft.com')?.clusters).toEqual(['aks-prod', 'unattributed (10.99.0.7)']);
    expect(model.deniedNetworkFlows.find((row) => row.destination === '203.0.113.9:25/TCP')).toMatchObject({ sources: ['unattributed (10.1.2.3)'], names: [] });
    expect(model.deniedNetworkFlows.find((row) => row.destination === '140.82.112.3:22/TCP')).toMatchObject({ sources: ['aks-prod'], names: ['github.com'] });
    expect(model.unattributed).toEqual({ label: 'unattributed (10.99.0.7, 10.1.2.3)', hits: 8 });
    // A subnet without a cluster (a VM subnet) is named by its subnet, never left blank.
    const vmReport = buildEgressReport({ ...input, subnets: [...input.subnets, { subnetId: subnetId.replace('/aks', '/vms'), prefixes: ['10.1.2.0/24'], clusterIds: [] }] });
    const vmModel = toReportCardModel(vmReport, { publicBaseUrl: 'https://func.example.net' });
    expect(vmModel.deniedNetworkFlows.find((row) => row.destination === '203.0.113.9:25/TCP')?.sources).toEqual(['vnet-spoke/vms']);
  });

  it.each([
    { ips: ['10.1.2.3'], label: 'unattributed (10.1.2.3)' },
    { ips: ['10.1.2.3', '10.1.2.4', '10.1.2.5', '10.1.2.6'], label: 'unattributed (10.1.2.3, 10.1.2.4, 10.1.2.5, ...)' },
  ])('unattributedLabel($ips)', ({ ips, label }) => {
    expect(unattributedLabel(ips)).toBe(label);
  });
});
