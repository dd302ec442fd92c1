import { evaluateTraffic, type Traffic } from '../../../../shared/core/firewallPolicy/evaluateTraffic';
import { dnatRulesTo } from '../../../../shared/core/firewallPolicy/dnatRules';
import type { ArmRuleCollectionGroup } from '../../../../shared/core/firewallPolicy/firewallPolicyModel';
import type { PolicyView } from '../../../../shared/core/firewallPolicy/policyView';

const app = (name: string, extra: Record<string, unknown> = {}) => ({
  ruleType: 'ApplicationRule',
  name,
  protocols: [{ protocolType: 'Https', port: 443 }],
  sourceAddresses: ['10.42.0.0/16'],
  ...extra,
});
const net = (name: string, extra: Record<string, unknown> = {}) => ({
  ruleType: 'NetworkRule',
  name,
  ipProtocols: ['UDP'],
  sourceAddresses: ['*'],
  destinationAddresses: ['AzureCloud.westeurope'],
  destinationPorts: ['1194'],
  ...extra,
});
const collection = (name: string, priority: number, action: 'Allow' | 'Deny', rules: unknown[]) => ({
  ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
  name,
  priority,
  action: { type: action },
  rules,
});
const group = (name: string, priority: number, collections: unknown[]): ArmRuleCollectionGroup => ({ name, properties: { priority, ruleCollections: collections as never } });
const view = (groups: ArmRuleCollectionGroup[], parent: ArmRuleCollectionGroup[] = [], ipGroups: Record<string, string[]> = {}): PolicyView => ({
  layers: [
    ...(parent.length > 0 ? [{ policyId: 'p', policyName: 'afwp-base', groups: parent }] : []),
    { policyId: 'c', policyName: 'afwp-hub', groups },
  ],
  ipGroups: new Map(Object.entries(ipGroups).map(([id, addresses]) => [id.toLowerCase(), addresses])),
});

const https = (fqdn: string, source = '10.42.1.0/24'): Traffic => ({ kind: 'application', source, fqdn, protocol: { protocolType: 'Https', port: 443 } });
const udp1194 = (source = '10.42.1.0/24'): Traffic => ({ kind: 'network', source, ipProtocol: 'UDP', port: 1194, destination: { kind: 'serviceTag', tag: 'AzureCloud.westeurope' } });
const ipGroupId = '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/ipGroups/ipg-shop';

const guide = group('rcg-platform', 200, [
  collection('aks-required', 100, 'Allow', [app('aks-fqdn-tag', { fqdnTags: ['AzureKubernetesService'], protocols: [{ protocolType: 'Http', port: 80 }, { protocolType: 'Https', port: 443 }] })]),
  collection('aks-network', 110, 'Allow', [net('apiudp'), net('apitcp', { ipProtocols: ['TCP'], destinationPorts: ['9000'] }), net('time', { destinationAddresses: [], destinationFqdns: ['ntp.ubuntu.com'], destinationPorts: ['123'] })]),
]);

describe('evaluateTraffic', () => {
  it.each<{ label: string; policy: PolicyView; traffic: Traffic; allowed: boolean; rule?: string; partial?: boolean; shadowed?: string[] }>([
    { label: 'the AKS tag allows mcr', policy: view([guide]), traffic: https('mcr.microsoft.com'), allowed: true, rule: 'aks-fqdn-tag' },
    { label: 'the AKS tag allows the regional API server wildcard', policy: view([guide]), traffic: https('*.hcp.westeurope.azmk8s.io'), allowed: true, rule: 'aks-fqdn-tag' },
    { label: 'nothing matches: default deny', policy: view([guide]), traffic: https('example.com'), allowed: false },
    { label: 'a service tag network rule', policy: view([guide]), traffic: udp1194(), allowed: true, rule: 'apiudp' },
    { label: 'the global tag covers the regional one', policy: view([group('g', 100, [collection('c', 100, 'Allow', [net('global', { destinationAddresses: ['AzureCloud'] })])])]), traffic: udp1194(), allowed: true, rule: 'global' },
    { label: 'another region\'s tag does not', policy: view([group('g', 100, [collection('c', 100, 'Allow', [net('other', { destinationAddresses: ['AzureCloud.eastus'] })])])]), traffic: udp1194(), allowed: false },
    { label: 'wrong protocol (TCP rule, UDP traffic)', policy: view([group('g', 100, [collection('c', 100, 'Allow', [net('tcp', { ipProtocols: ['TCP'] })])])]), traffic: udp1194(), allowed: false },
    { label: 'Any protocol and a port range', policy: view([group('g', 100, [collection('c', 100, 'Allow', [net('any', { ipProtocols: ['Any'], destinationPorts: ['1000-2000'] })])])]), traffic: udp1194(), allowed: true, rule: 'any' },
    { label: 'a port outside the range', policy: view([group('g', 100, [collection('c', 100, 'Allow', [net('range', { destinationPorts: ['1195-2000'] })])])]), traffic: udp1194(), allowed: false },
    { label: 'an IP destination never matches a tag (unknown resolution)', policy: view([group('g', 100, [collection('c', 100, 'Allow', [net('ip', { destinationAddresses: ['20.0.0.0/8'] })])])]), traffic: udp1194(), allowed: false },
    { label: 'an FQDN network rule (NTP)', policy: view([guide]), traffic: { kind: 'network', source: '10.42.1.0/24', ipProtocol: 'UDP', port: 123, destination: { kind: 'fqdn', fqdn: 'ntp.ubuntu.com' } }, allowed: true, rule: 'time' },
    { label: 'the tag does not cover http', policy: view([guide]), traffic: { kind: 'application', source: '10.42.1.0/24', fqdn: 'mcr.microsoft.com', protocol: { protocolType: 'Http', port: 80 } }, allowed: false },
    {
      label: 'a higher-priority group deny shadows the tag',
      policy: view([guide, group('rcg-deny', 150, [collection('deny-hcp', 100, 'Deny', [app('no-hcp', { targetFqdns: ['*.azmk8s.io'] })])])]),
      traffic: https('*.hcp.westeurope.azmk8s.io'),
      allowed: false,
      rule: 'no-hcp',
      shadowed: ['aks-fqdn-tag'],
    },
    {
      label: 'a lower-priority group deny changes nothing',
      policy: view([guide, group('rcg-deny', 300, [collection('deny-hcp', 100, 'Deny', [app('no-hcp', { targetFqdns: ['*.azmk8s.io'] })])])]),
      traffic: https('x.hcp.westeurope.azmk8s.io'),
      allowed: true,
      rule: 'aks-fqdn-tag',
    },
    {
      label: 'collection priority inside one group',
      policy: view([group('g', 100, [collection('late-allow', 500, 'Allow', [app('allow', { targetFqdns: ['mcr.microsoft.com'] })]), collection('early-deny', 200, 'Deny', [app('deny', { targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
      rule: 'deny',
      shadowed: ['allow'],
    },
    {
      label: 'deny before allow at equal priority',
      policy: view([group('g', 100, [collection('allow', 200, 'Allow', [app('allow', { targetFqdns: ['mcr.microsoft.com'] })]), collection('deny', 200, 'Deny', [app('deny', { targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
      rule: 'deny',
      shadowed: ['allow'],
    },
    {
      label: 'network rules before application rules whatever the priority',
      policy: view([group('apps', 100, [collection('allow', 100, 'Allow', [app('allow', { targetFqdns: ['mcr.microsoft.com'] })])]), group('net', 60000, [collection('deny-443', 100, 'Deny', [net('deny-all-443', { ipProtocols: ['TCP'], destinationAddresses: ['*'], destinationPorts: ['443'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
      rule: 'deny-all-443',
      shadowed: ['allow'],
    },
    {
      label: 'a parent policy deny wins over a higher-priority child allow',
      policy: view([group('child', 100, [collection('allow', 100, 'Allow', [app('child-allow', { targetFqdns: ['mcr.microsoft.com'] })])])], [group('parent', 65000, [collection('deny', 65000, 'Deny', [app('parent-deny', { targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
      rule: 'parent-deny',
      shadowed: ['child-allow'],
    },
    {
      label: 'a parent policy allow is reached first',
      policy: view([guide], [group('parent', 500, [collection('allow', 100, 'Allow', [app('parent-allow', { targetFqdns: ['*.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: true,
      rule: 'parent-allow',
    },
    {
      label: 'a deny on an IP group holding the source',
      policy: view([guide, group('deny', 100, [collection('deny', 100, 'Deny', [app('by-group', { sourceAddresses: [], sourceIpGroups: [ipGroupId], targetFqdns: ['mcr.microsoft.com'] })])])], [], { [ipGroupId]: ['10.42.0.0/16'] }),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
      rule: 'by-group',
      shadowed: ['aks-fqdn-tag'],
    },
    {
      label: 'an IP group that does not hold the source',
      policy: view([guide, group('deny', 100, [collection('deny', 100, 'Deny', [app('by-group', { sourceAddresses: [], sourceIpGroups: [ipGroupId], targetFqdns: ['mcr.microsoft.com'] })])])], [], { [ipGroupId]: ['10.43.0.0/16'] }),
      traffic: https('mcr.microsoft.com'),
      allowed: true,
      rule: 'aks-fqdn-tag',
    },
    {
      label: 'an unknown IP group matches nothing (an allow on it is not counted)',
      policy: view([group('g', 100, [collection('c', 100, 'Allow', [app('by-group', { sourceAddresses: [], sourceIpGroups: [ipGroupId], targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
    },
    {
      label: 'a deny over part of the source range',
      policy: view([guide, group('deny', 100, [collection('deny', 100, 'Deny', [app('half', { sourceAddresses: ['10.42.1.0/25'], targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
      rule: 'half',
      partial: true,
      shadowed: ['aks-fqdn-tag'],
    },
    {
      label: 'an allow over part of the source range is not enough',
      policy: view([group('g', 100, [collection('c', 100, 'Allow', [app('half', { sourceAddresses: ['10.42.1.0/25'], targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
    },
    {
      label: 'a source range entry',
      policy: view([group('g', 100, [collection('c', 100, 'Allow', [app('range', { sourceAddresses: ['10.42.0.0-10.42.255.255'], targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: true,
      rule: 'range',
    },
    {
      label: 'a deny on one name under a requested wildcard denies part of it',
      policy: view([guide, group('deny', 100, [collection('deny', 100, 'Deny', [app('one-name', { targetFqdns: ['a.hcp.westeurope.azmk8s.io'] })])])]),
      traffic: https('*.hcp.westeurope.azmk8s.io'),
      allowed: false,
      rule: 'one-name',
      partial: true,
      shadowed: ['aks-fqdn-tag'],
    },
    {
      label: 'another port on an application rule',
      policy: view([group('g', 100, [collection('c', 100, 'Allow', [app('8443', { protocols: [{ protocolType: 'Https', port: 8443 }], targetFqdns: ['mcr.microsoft.com'] })])])]),
      traffic: https('mcr.microsoft.com'),
      allowed: false,
    },
  ])('$label', ({ policy, traffic, allowed, rule, partial = false, shadowed = [] }) => {
    const verdict = evaluateTraffic(policy, traffic);

    expect(verdict.allowed).toBe(allowed);
    expect(verdict.decidedBy?.ruleName).toBe(rule);
    expect(verdict.partial).toBe(partial);
    expect(verdict.shadowed.map((ref) => ref.ruleName)).toEqual(shadowed);
  });

  it('names the policy, group and collection of the deciding rule', () => {
    const verdict = evaluateTraffic(view([guide], [group('parent', 100, [collection('deny', 100, 'Deny', [app('parent-deny', { targetFqdns: ['mcr.microsoft.com'] })])])]), https('mcr.microsoft.com'));

    expect(verdict.decidedBy).toEqual({
      policyName: 'afwp-base',
      groupName: 'parent',
      collectionName: 'deny',
      ruleName: 'parent-deny',
      ruleType: 'ApplicationRule',
      action: 'Deny',
      via: { kind: 'targetFqdn', target: 'mcr.microsoft.com' },
    });
  });
});

describe('dnatRulesTo', () => {
  const nat = group('rcg-dnat', 100, [
    { ruleCollectionType: 'FirewallPolicyNatRuleCollection', name: 'inbound', priority: 100, action: { type: 'DNAT' }, rules: [{ ruleType: 'NatRule', name: 'store', ipProtocols: ['TCP'], sourceAddresses: ['*'], destinationAddresses: ['20.61.15.100'], destinationPorts: ['80'], translatedAddress: '10.43.1.250', translatedPort: '80' }] },
  ]);

  it.each([
    { label: 'the translated address', address: '10.43.1.250', rules: ['store'] },
    { label: 'another address', address: '10.43.1.251', rules: [] },
  ])('$label', ({ address, rules }) => {
    expect(dnatRulesTo(view([nat]), address).map((rule) => rule.ruleName)).toEqual(rules);
  });
});
