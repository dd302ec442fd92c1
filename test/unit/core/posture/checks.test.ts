import { asymmetricRoutingCheck } from '../../../../shared/core/posture/checks/asymmetricRoutingCheck';
import { authorizedIpRangesCheck } from '../../../../shared/core/posture/checks/authorizedIpRangesCheck';
import { dnsProxyCheck } from '../../../../shared/core/posture/checks/dnsProxyCheck';
import { firewallRegionCheck } from '../../../../shared/core/posture/checks/firewallRegionCheck';
import { outboundTypeCheck } from '../../../../shared/core/posture/checks/outboundTypeCheck';
import { requiredEgressCheck } from '../../../../shared/core/posture/checks/requiredEgressCheck';
import { snatHeadroomCheck } from '../../../../shared/core/posture/checks/snatHeadroomCheck';
import { evaluatePosture } from '../../../../shared/core/posture/evaluatePosture';
import { postureChecks } from '../../../../shared/core/posture/registry';
import type { CheckStatus, PostureCheck, PostureFacts } from '../../../../shared/core/posture/types';
import { factsOf, firewallOf, guideGroup } from './postureFacts';

const ipGroupId = '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/ipGroups/ipg-shop';
const denyGroup = (rules: unknown[], priority = 150) => ({
  name: 'rcg-deny',
  properties: { priority, ruleCollections: [{ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'deny-aks', priority: 100, action: { type: 'Deny' }, rules: rules as never }] },
});
const withGroups = (groups: unknown[], parent: unknown[] = [], ipGroups: Record<string, string[]> = {}) =>
  firewallOf({
    policy: {
      layers: [
        ...(parent.length > 0 ? [{ policyId: 'afwp-base', policyName: 'afwp-base', groups: parent as never }] : []),
        { policyId: 'afwp-hub', policyName: 'afwp-hub', groups: groups as never },
      ],
      ipGroups: new Map(Object.entries(ipGroups).map(([id, addresses]) => [id.toLowerCase(), addresses])),
    },
  });
const frontend = (ipAddress: string | undefined) => ({
  loadBalancerId: '/subscriptions/s/resourceGroups/MC_x/providers/Microsoft.Network/loadBalancers/kubernetes',
  loadBalancerName: 'kubernetes',
  frontendName: 'a1b2c3',
  publicIpId: '/subscriptions/s/resourceGroups/MC_x/providers/Microsoft.Network/publicIPAddresses/kubernetes-a1b2c3',
  ipAddress,
});
const dnatTo = (address: string) => ({
  name: 'rcg-dnat',
  properties: { priority: 100, ruleCollections: [{ ruleCollectionType: 'FirewallPolicyNatRuleCollection', name: 'inbound', priority: 100, action: { type: 'DNAT' }, rules: [{ ruleType: 'NatRule', name: 'store', ipProtocols: ['TCP'], sourceAddresses: ['*'], destinationAddresses: ['20.61.15.100'], destinationPorts: ['80'], translatedAddress: address, translatedPort: '80' }] }] },
});

interface Case {
  readonly label: string;
  readonly check: PostureCheck;
  readonly facts: PostureFacts;
  readonly status: CheckStatus;
  readonly codes?: string[];
  readonly keys?: string[];
  readonly message?: RegExp;
}

describe('posture checks', () => {
  it.each<Case>([
    { label: 'firewall region: configured', check: firewallRegionCheck, facts: factsOf(), status: 'pass' },
    { label: 'firewall region: none for the region', check: firewallRegionCheck, facts: factsOf({ firewall: undefined }), status: 'fail', codes: ['firewall-not-configured-for-region'] },
    { label: 'firewall region: network isolated needs none', check: firewallRegionCheck, facts: factsOf({ firewall: undefined, cluster: { outboundType: 'none' } }), status: 'not-applicable' },
    { label: 'outbound type: userDefinedRouting', check: outboundTypeCheck, facts: factsOf(), status: 'pass' },
    { label: 'outbound type: none is compliant by design', check: outboundTypeCheck, facts: factsOf({ cluster: { outboundType: 'none' } }), status: 'pass', message: /by design/ },
    { label: 'outbound type: block is compliant by design', check: outboundTypeCheck, facts: factsOf({ cluster: { outboundType: 'block' } }), status: 'pass' },
    { label: 'outbound type: loadBalancer bypasses', check: outboundTypeCheck, facts: factsOf({ cluster: { outboundType: 'loadBalancer' } }), status: 'fail', codes: ['outbound-type-bypasses-firewall'] },
    { label: 'outbound type: absent means loadBalancer', check: outboundTypeCheck, facts: factsOf({ cluster: { outboundType: undefined } }), status: 'fail', codes: ['outbound-type-bypasses-firewall'] },
    { label: 'required egress: the guide\'s rules', check: requiredEgressCheck, facts: factsOf(), status: 'pass' },
    {
      label: 'required egress: a higher-priority deny shadows part of the tag',
      check: requiredEgressCheck,
      facts: factsOf({ firewall: withGroups([guideGroup, denyGroup([{ ruleType: 'ApplicationRule', name: 'no-packages', sourceAddresses: ['10.42.0.0/16'], protocols: [{ protocolType: 'Https', port: 443 }], targetFqdns: ['packages.microsoft.com'] }])]) }),
      status: 'fail',
      codes: ['required-egress-denied'],
      keys: ['https:packages.microsoft.com:443'],
      message: /denied by Deny rule no-packages \(afwp-hub\/rcg-deny\/deny-aks\), which shadows Allow rule aks-fqdn-tag/,
    },
    {
      label: 'required egress: a parent policy deny on an IP group',
      check: requiredEgressCheck,
      facts: factsOf({
        firewall: withGroups([guideGroup], [denyGroup([{ ruleType: 'ApplicationRule', name: 'no-hcp', sourceIpGroups: [ipGroupId], protocols: [{ protocolType: 'Https', port: 443 }], targetFqdns: ['*.hcp.westeurope.azmk8s.io'] }], 60000)], { [ipGroupId]: ['10.42.1.0/24'] }),
      }),
      status: 'fail',
      codes: ['required-egress-denied'],
      keys: ['https:aks-egress-7c1f2d6b.hcp.westeurope.azmk8s.io:443'],
      message: /afwp-base/,
    },
    {
      label: 'required egress: nothing for the tunnel and NTP',
      check: requiredEgressCheck,
      facts: factsOf({ firewall: withGroups([{ ...guideGroup, properties: { ...guideGroup.properties, ruleCollections: guideGroup.properties!.ruleCollections!.slice(0, 1) } }]) }),
      status: 'fail',
      codes: ['required-egress-not-allowed', 'required-egress-not-allowed', 'required-egress-not-allowed'],
      keys: ['udp:AzureCloud.westeurope:1194', 'tcp:AzureCloud.westeurope:9000', 'udp:ntp.ubuntu.com:123'],
    },
    {
      label: 'required egress: a private cluster needs no tunnel ports',
      check: requiredEgressCheck,
      facts: factsOf({ cluster: { privateCluster: true }, firewall: withGroups([{ ...guideGroup, properties: { ...guideGroup.properties, ruleCollections: [guideGroup.properties!.ruleCollections![0]!, { ...guideGroup.properties!.ruleCollections![1]!, rules: guideGroup.properties!.ruleCollections![1]!.rules!.slice(2) }] } }]) }),
      status: 'pass',
    },
    { label: 'required egress: source outside the rules', check: requiredEgressCheck, facts: factsOf({ prefixes: ['10.43.1.0/24'] }), status: 'fail', codes: Array(9).fill('required-egress-not-allowed') },
    { label: 'required egress: no readable policy', check: requiredEgressCheck, facts: factsOf({ firewall: firewallOf({ policy: undefined }) }), status: 'fail', codes: ['firewall-policy-unavailable'] },
    { label: 'required egress: network isolated', check: requiredEgressCheck, facts: factsOf({ cluster: { outboundType: 'none' } }), status: 'not-applicable' },
    { label: 'authorized ranges: include the firewall IP', check: authorizedIpRangesCheck, facts: factsOf(), status: 'pass' },
    { label: 'authorized ranges: a wider range includes it', check: authorizedIpRangesCheck, facts: factsOf({ cluster: { authorizedIpRanges: ['20.61.0.0/16'] } }), status: 'pass' },
    {
      label: 'authorized ranges: miss the firewall IP',
      check: authorizedIpRangesCheck,
      facts: factsOf({ cluster: { authorizedIpRanges: ['203.0.113.0/24'] } }),
      status: 'fail',
      codes: ['authorized-ranges-miss-firewall-ip'],
      keys: ['20.61.15.100'],
    },
    {
      label: 'authorized ranges: only the second firewall IP is missing',
      check: authorizedIpRangesCheck,
      facts: factsOf({ firewall: firewallOf({ publicIps: ['20.61.15.100', '20.61.15.101'] }) }),
      status: 'fail',
      keys: ['20.61.15.101'],
    },
    { label: 'authorized ranges: none set', check: authorizedIpRangesCheck, facts: factsOf({ cluster: { authorizedIpRanges: undefined } }), status: 'not-applicable' },
    { label: 'authorized ranges: private cluster', check: authorizedIpRangesCheck, facts: factsOf({ cluster: { privateCluster: true, authorizedIpRanges: ['203.0.113.0/24'] } }), status: 'not-applicable' },
    { label: 'asymmetric routing: no public frontend', check: asymmetricRoutingCheck, facts: factsOf(), status: 'pass' },
    {
      label: 'asymmetric routing: a public frontend without DNAT',
      check: asymmetricRoutingCheck,
      facts: factsOf({ publicFrontends: [frontend('20.61.20.7')] }),
      status: 'fail',
      codes: ['public-frontend-without-dnat'],
      keys: ['20.61.20.7'],
    },
    { label: 'asymmetric routing: served by a DNAT rule', check: asymmetricRoutingCheck, facts: factsOf({ publicFrontends: [frontend('20.61.20.7')], firewall: withGroups([guideGroup, dnatTo('20.61.20.7')]) }), status: 'pass' },
    { label: 'asymmetric routing: a DNAT rule to another address', check: asymmetricRoutingCheck, facts: factsOf({ publicFrontends: [frontend('20.61.20.7')], firewall: withGroups([guideGroup, dnatTo('10.42.1.250')]) }), status: 'fail' },
    { label: 'asymmetric routing: no UDR, no asymmetry', check: asymmetricRoutingCheck, facts: factsOf({ publicFrontends: [frontend('20.61.20.7')], cluster: { outboundType: 'loadBalancer' } }), status: 'not-applicable' },
    { label: 'DNS proxy: on while the spoke uses it', check: dnsProxyCheck, facts: factsOf(), status: 'pass' },
    { label: 'DNS proxy: off while the spoke uses it', check: dnsProxyCheck, facts: factsOf({ firewall: firewallOf({ dnsProxyEnabled: false }) }), status: 'fail', codes: ['dns-proxy-off'] },
    { label: 'DNS proxy: unknown while the spoke uses it', check: dnsProxyCheck, facts: factsOf({ firewall: firewallOf({ dnsProxyEnabled: undefined }) }), status: 'fail', codes: ['dns-proxy-unknown'] },
    { label: 'DNS proxy: spoke on Azure DNS', check: dnsProxyCheck, facts: factsOf({ dnsServers: [], firewall: firewallOf({ dnsProxyEnabled: false }) }), status: 'not-applicable' },
    { label: 'SNAT: Free tier is not production', check: snatHeadroomCheck, facts: factsOf(), status: 'not-applicable' },
    { label: 'SNAT: production with one IP', check: snatHeadroomCheck, facts: factsOf({ cluster: { skuTier: 'Standard' } }), status: 'advice', codes: ['snat-headroom-low'], message: /1 public IP\(s\) x 2,496 ports x 2 instances = 4,992 SNAT ports/ },
    { label: 'SNAT: production with 20 IPs', check: snatHeadroomCheck, facts: factsOf({ cluster: { skuTier: 'Premium' }, firewall: firewallOf({ snat: { publicIpCount: 20, instanceCount: 2, ports: 99840 } }) }), status: 'pass' },
  ])('$label', ({ check, facts, status, codes, keys, message }) => {
    const result = check.evaluate(facts);

    expect(result.status).toBe(status);
    if (codes) expect(result.findings.map((finding) => finding.code)).toEqual(codes);
    if (keys) expect(result.findings.map((finding) => finding.key)).toEqual(keys);
    if (message) expect([result.summary, ...result.findings.map((finding) => finding.message)].join('\n')).toMatch(message);
    if (status === 'pass' || status === 'not-applicable') expect(result.findings).toEqual([]);
  });

  it('declares every code with a fix, and findings take severity and fix from the declaration', () => {
    for (const check of postureChecks) {
      for (const [code, { fix }] of Object.entries(check.codes)) {
        expect(code).toMatch(/^[a-z0-9-]+$/);
        expect(fix.length).toBeGreaterThan(20);
      }
    }
    const [finding] = authorizedIpRangesCheck.evaluate(factsOf({ cluster: { authorizedIpRanges: ['203.0.113.0/24'] } })).findings;
    expect(finding?.fix).toBe(authorizedIpRangesCheck.codes['authorized-ranges-miss-firewall-ip']?.fix);
    expect(finding?.severity).toBe('error');
  });
});

describe('evaluatePosture', () => {
  it('runs every check and passes the guide cluster', () => {
    const posture = evaluatePosture(factsOf());

    expect(posture.status).toBe('pass');
    expect(posture.checks.map((check) => check.check)).toEqual(postureChecks.map((check) => check.name));
  });

  it('is advice when only advice is found, fail when anything fails', () => {
    expect(evaluatePosture(factsOf({ cluster: { skuTier: 'Standard' } })).status).toBe('advice');
    expect(evaluatePosture(factsOf({ cluster: { skuTier: 'Standard', authorizedIpRanges: ['203.0.113.0/24'] } })).status).toBe('fail');
  });
});
