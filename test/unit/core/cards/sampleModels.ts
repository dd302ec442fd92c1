import type { DriftCardModel, ReportCardModel, RuleRequestCardModel, RuleResultCardModel } from '../../../../shared/core/cards';

const hours = (count: number, start = Date.UTC(2026, 10, 20, 0)) =>
  Array.from({ length: count }, (_, index) => ({
    hour: new Date(start + index * 3_600_000).toISOString(),
    maxPercent: 20 + ((index * 37) % 70),
  }));

export const sampleReport: ReportCardModel = {
  window: { from: '2026-11-20T07:00:00Z', to: '2026-11-21T07:00:00Z' },
  headline: { deniedRequests: 1234, distinctFqdns: 3, newFqdns: 1, clustersAffected: 2 },
  deniedFqdns: [
    {
      fqdn: 'registry.npmjs.org',
      hits: 900,
      clusters: ['aks-payments'],
      subnets: ['aks-nodes'],
      firstSeen: '2026-11-20T08:00:00Z',
      lastSeen: '2026-11-21T06:55:00Z',
      isNew: true,
      protocols: ['Https:443'],
      requestRuleUrl: 'https://func-egress-guard.azurewebsites.net/api/rule-requests/new?fqdn=registry.npmjs.org',
      aksRequired: false,
    },
    {
      fqdn: '*.blob.core.windows.net',
      hits: 300,
      clusters: ['aks-payments', 'aks-search'],
      subnets: ['aks-nodes', 'aks-system'],
      firstSeen: '2026-11-01T08:00:00Z',
      lastSeen: '2026-11-21T05:00:00Z',
      isNew: false,
      protocols: ['Https:443'],
      requestRuleUrl: 'https://func-egress-guard.azurewebsites.net/api/rule-requests/new?fqdn=*.blob.core.windows.net',
      aksRequired: false,
    },
    {
      fqdn: 'mcr.microsoft.com',
      hits: 40,
      clusters: ['aks-payments'],
      subnets: ['aks-nodes'],
      firstSeen: '2026-11-21T02:00:00Z',
      lastSeen: '2026-11-21T02:10:00Z',
      isNew: true,
      protocols: ['HTTPS'],
      requestRuleUrl: '',
      aksRequired: true,
    },
  ],
  perCluster: [
    { cluster: 'aks-payments', deniedHits: 1100, distinctFqdns: 2 },
    { cluster: 'aks-search', deniedHits: 134, distinctFqdns: 1 },
  ],
  snat: [
    {
      firewallName: 'fw-hub-westeurope',
      peakPercent: 86.4,
      averagePercent: 41.2,
      hourly: hours(24),
      capacityPorts: 2496,
      recommendation: 'Peak above 80%: add public IPs to the firewall or attach a NAT gateway.',
    },
  ],
  noNewDenials: false,
  firewallLogsFound: true,
  warnings: ['DNS proxy log not enabled (no AZFWDnsQuery table): network denials without names.'],
  lifeline: [
    {
      cluster: 'aks-payments',
      region: 'westeurope',
      denials: [
        {
          what: 'mcr.microsoft.com',
          hits: 40,
          breaks: 'node bootstrap, scale-out and upgrades (system images such as CoreDNS cannot be pulled)',
          fix: 'allow the AzureKubernetesService FQDN tag (HTTPS:443) from vnet-spoke/aks-nodes in the baseline application rules',
        },
      ],
    },
  ],
  deniedNetworkFlows: [
    { destination: '140.82.112.3:22/TCP', names: ['github.com'], hits: 70, sources: ['aks-payments'], lastSeen: '2026-11-21T06:00:00Z' },
    { destination: '203.0.113.25:25/TCP', names: [], hits: 5, sources: ['unattributed (10.1.2.3)'], lastSeen: '2026-11-21T05:00:00Z' },
  ],
  unattributed: { label: 'unattributed (10.1.2.3)', hits: 5 },
  snatAttribution: {
    hour: '2026-11-21T05:00:00Z',
    sources: ['aks-payments (10.240.0.7): 420 Mbps'],
    destinations: ['20.150.10.4:443/TCP: 420 Mbps'],
    advice: 'Most of it goes to 20.150.10.4:443/TCP. SNAT ports are per destination, so more public IPs or a NAT gateway add ports for exactly this traffic.',
  },
};

export const sampleDrift: DriftCardModel = {
  subnetId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-nodes',
  subnetName: 'aks-nodes',
  vnetName: 'vnet-spoke',
  mode: 'enforce',
  outcome: 'remediated',
  findings: [
    { code: 'subnet-udr-missing', severity: 'high', message: 'The subnet has no route table.' },
    { code: 'vnet-dns-custom', severity: 'medium', message: 'The VNet uses DNS servers other than the firewall.' },
  ],
  changes: [
    { what: 'Route table', before: '', after: 'rt-vnet-spoke-egress' },
    { what: 'VNet DNS servers', before: '10.0.0.4', after: '10.100.0.4 (firewall)' },
  ],
  dnsChanged: true,
};

export const sampleRuleRequest: RuleRequestCardModel = {
  requestId: 'rr-20261121-0001',
  requester: 'dev@contoso.com',
  fqdns: ['registry.npmjs.org', 'pypi.org'],
  protocols: ['Https:443'],
  sources: ['10.240.0.0/16'],
  justification: 'Build pipeline pulls packages. See [this](https://evil.example) *now*.',
  expiresAt: '2027-02-19T00:00:00Z',
  approveUrl: 'https://func-egress-guard.azurewebsites.net/api/rule-requests/rr-20261121-0001/review#approve',
  rejectUrl: 'https://func-egress-guard.azurewebsites.net/api/rule-requests/rr-20261121-0001/review#reject',
  statusPageUrl: 'https://func-egress-guard.azurewebsites.net/api/rule-requests/rr-20261121-0001/status-page',
};

export const sampleRuleResult: RuleResultCardModel = {
  requestId: 'rr-20261121-0001',
  result: 'approved',
  fqdns: ['registry.npmjs.org', 'pypi.org'],
  decidedBy: 'approver@contoso.com',
  statusPageUrl: 'https://func-egress-guard.azurewebsites.net/api/rule-requests/rr-20261121-0001/status-page',
};
