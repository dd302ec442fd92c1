import type { DeniedFqdnEntry, EgressReport, SnatFirewallReport } from '../../../../shared/core/report/egressReport';

export const clusterA = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-a';
export const clusterB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-b';
export const subnetA = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/aks';

export const fqdnEntry = (overrides: Partial<DeniedFqdnEntry> = {}): DeniedFqdnEntry => ({
  fqdn: 'registry.npmjs.org',
  hits: 10,
  isNew: true,
  firstSeen: '2026-11-20T08:00:00.000Z',
  lastSeen: '2026-11-20T09:00:00.000Z',
  ports: [443],
  protocols: ['HTTPS'],
  webCategories: [],
  actionReasons: ['Default Action'],
  sampleUrl: '',
  sourceIpCount: 2,
  clusterIds: [clusterA],
  subnetIds: [subnetA],
  unattributedSourceIps: [],
  aksRequired: false,
  ...overrides,
});

export const snatFirewall = (overrides: Partial<SnatFirewallReport> = {}): SnatFirewallReport => ({
  firewallId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/fw-hub',
  firewallName: 'fw-hub',
  publicIpCount: 1,
  instanceCount: 2,
  capacityPorts: 4992,
  peakPercent: 88,
  averagePercent: 50,
  peakAt: '2026-11-20T09:00:00.000Z',
  hourly: [{ hour: '2026-11-20T09:00:00.000Z', peakPercent: 88, averagePercent: 50 }],
  overThreshold: true,
  recommendation: { kind: 'add-public-ips', additionalPublicIps: 1, natGatewayAlternative: true },
  ...overrides,
});

export const egressReport = (overrides: Partial<EgressReport> = {}): EgressReport => ({
  window: { from: '2026-11-20T07:00:00.000Z', to: '2026-11-21T07:00:00.000Z' },
  logMode: 'resource-specific',
  warnings: [],
  firewallLogsFound: true,
  lifeline: [],
  headline: {
    deniedApplicationHits: 30,
    deniedFqdnCount: 2,
    newDeniedFqdnCount: 1,
    deniedNetworkHits: 5,
    affectedClusterCount: 2,
    peakSnatPercent: 88,
    firewallsOverSnatThreshold: 1,
  },
  deniedFqdns: [fqdnEntry({ hits: 20 }), fqdnEntry({ fqdn: 'ghcr.io', isNew: false, clusterIds: [clusterA, clusterB] })],
  deniedNetworkFlows: [],
  clusters: [
    { clusterId: clusterA, deniedApplicationHits: 30, deniedNetworkHits: 5, topDeniedFqdns: [], subnetIds: [subnetA] },
    { clusterId: clusterB, deniedApplicationHits: 10, deniedNetworkHits: 0, topDeniedFqdns: [], subnetIds: [subnetA] },
  ],
  unattributedSources: [],
  snat: [snatFirewall()],
  snatThresholdPercent: 80,
  ...overrides,
});
