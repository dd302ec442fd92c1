import { buildReportCard } from '../../../../shared/core/cards';
import { recommendationText, requestRuleUrl, subnetDisplayName, toReportCardModel, UNNAMED_FQDN } from '../../../../shared/core/report/toReportCardModel';
import { assertValidAdaptiveCard } from '../../../support/adaptiveCards';
import { clusterA, clusterB, egressReport, fqdnEntry, snatFirewall, subnetA } from './sampleEgressReport';

const base = 'https://func.example.net';

describe('toReportCardModel', () => {
  it('maps headline figures (application + network hits are the denied requests)', () => {
    expect(toReportCardModel(egressReport(), { publicBaseUrl: base }).headline).toEqual({ deniedRequests: 35, distinctFqdns: 2, newFqdns: 1, clustersAffected: 2 });
  });

  it('shows clusters and subnets by name, links the request page with the full cluster id', () => {
    const [row] = toReportCardModel(egressReport(), { publicBaseUrl: `${base}/` }).deniedFqdns;
    expect(row).toMatchObject({ fqdn: 'registry.npmjs.org', clusters: ['aks-a'], subnets: ['vnet-a/aks'], isNew: true });
    expect(row!.requestRuleUrl).toBe(`${base}/api/rule-requests/new?fqdn=registry.npmjs.org&cluster=${encodeURIComponent(clusterA)}`);
  });

  it.each([
    { label: 'no new FQDN', newDeniedFqdnCount: 0, expected: true },
    { label: 'one new FQDN', newDeniedFqdnCount: 1, expected: false },
  ])('noNewDenials with $label', ({ newDeniedFqdnCount, expected }) => {
    const report = egressReport();
    expect(toReportCardModel({ ...report, headline: { ...report.headline, newDeniedFqdnCount } }, { publicBaseUrl: base }).noNewDenials).toBe(expected);
  });

  it('counts distinct FQDNs per cluster from the full list, not the top five', () => {
    expect(toReportCardModel(egressReport(), { publicBaseUrl: base }).perCluster).toEqual([
      { cluster: 'aks-a', deniedHits: 35, distinctFqdns: 2 },
      { cluster: 'aks-b', deniedHits: 10, distinctFqdns: 1 },
    ]);
  });

  it('renders an unnamed FQDN without a request link', () => {
    const model = toReportCardModel(egressReport({ deniedFqdns: [fqdnEntry({ fqdn: '' })] }), { publicBaseUrl: base });
    expect(model.deniedFqdns[0]).toMatchObject({ fqdn: UNNAMED_FQDN, requestRuleUrl: '' });
  });

  it('maps SNAT hours and adds the recommendation, and the card built from it is valid', () => {
    const model = toReportCardModel(egressReport(), { publicBaseUrl: base });
    expect(model.snat[0]).toMatchObject({ firewallName: 'fw-hub', peakPercent: 88, hourly: [{ hour: '2026-11-20T09:00:00.000Z', maxPercent: 88 }] });
    expect(model.snat[0]!.recommendation).toContain('add 1 public IP to fw-hub');
    assertValidAdaptiveCard(buildReportCard(model));
  });
});

describe('requestRuleUrl', () => {
  it.each([
    { label: 'fqdn and cluster', fqdn: 'a.example.com', cluster: clusterB, expected: `${base}/api/rule-requests/new?fqdn=a.example.com&cluster=${encodeURIComponent(clusterB)}` },
    { label: 'no cluster', fqdn: 'a.example.com', cluster: undefined, expected: `${base}/api/rule-requests/new?fqdn=a.example.com` },
    { label: 'characters to encode', fqdn: 'a&b=c.example.com', cluster: undefined, expected: `${base}/api/rule-requests/new?fqdn=a%26b%3Dc.example.com` },
    { label: 'no fqdn', fqdn: '', cluster: clusterA, expected: '' },
  ])('$label', ({ fqdn, cluster, expected }) => {
    expect(requestRuleUrl(base, fqdn, cluster)).toBe(expected);
  });
});

describe('recommendationText', () => {
  it.each([
    { label: 'under the threshold', firewall: snatFirewall({ peakPercent: 50, overThreshold: false, recommendation: { kind: 'none' } }), expected: undefined },
    { label: 'more IPs, NAT gateway alternative', firewall: snatFirewall(), expected: 'SNAT peak 88% is above the 80% threshold: add 1 public IP to fw-hub, or attach a NAT gateway to AzureFirewallSubnet.' },
    { label: 'secured hub, several IPs', firewall: snatFirewall({ recommendation: { kind: 'add-public-ips', additionalPublicIps: 3, natGatewayAlternative: false } }), expected: 'SNAT peak 88% is above the 80% threshold: add 3 public IPs to fw-hub.' },
    { label: 'NAT gateway', firewall: snatFirewall({ recommendation: { kind: 'nat-gateway' } }), expected: expect.stringContaining('attach a NAT gateway') },
  ])('$label', ({ firewall, expected }) => {
    expect(recommendationText(firewall, 80)).toEqual(expected);
  });
});

describe('subnetDisplayName', () => {
  it.each([
    { label: 'subnet id', id: subnetA, expected: 'vnet-a/aks' },
    { label: 'anything else', id: '/x/y/z', expected: 'z' },
  ])('$label', ({ id, expected }) => expect(subnetDisplayName(id)).toBe(expected));
});
