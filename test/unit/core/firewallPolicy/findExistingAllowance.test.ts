import { aksFqdnTagCovers } from '../../../../shared/core/firewallPolicy/aksFqdnTag';
import { findExistingAllowance, type AllowanceQuery } from '../../../../shared/core/firewallPolicy/findExistingAllowance';
import type { ArmRuleCollectionGroup } from '../../../../shared/core/firewallPolicy/firewallPolicyModel';
import type { ApplicationProtocol } from '../../../../shared/core/ruleRequests/protocols';

const https: ApplicationProtocol = { protocolType: 'Https', port: 443 };
const appRule = (name: string, extra: Record<string, unknown>) => ({ ruleType: 'ApplicationRule', name, protocols: [{ protocolType: 'Https', port: 443 }], sourceAddresses: ['10.42.0.0/16'], ...extra });
const group = (name: string, priority: number, action: string, rules: unknown[]): ArmRuleCollectionGroup => ({
  name,
  properties: { priority, ruleCollections: [{ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: `${name}-c`, priority: 100, action: { type: action }, rules: rules as never }] },
});

const policy: ArmRuleCollectionGroup[] = [
  group('platform', 200, 'Allow', [
    appRule('aks', { fqdnTags: ['AzureKubernetesService'], sourceAddresses: ['10.42.0.0-10.42.255.255'] }),
    appRule('github', { targetFqdns: ['*.github.com'] }),
  ]),
  group('denied', 100, 'Deny', [appRule('blocked', { targetFqdns: ['evil.example.com'] })]),
  group('team', 300, 'Allow', [appRule('partner', { targetFqdns: ['api.partner.example'], sourceAddresses: ['10.42.1.0/24'] })]),
];

const query = (fqdn: string, sourceAddresses = ['10.42.1.0/24'], protocol = https): AllowanceQuery => ({ fqdn, protocol, sourceAddresses });

describe('findExistingAllowance', () => {
  it('finds an exact target', () => {
    expect(findExistingAllowance(policy, query('api.partner.example'))).toEqual({
      groupName: 'team',
      collectionName: 'team-c',
      ruleName: 'partner',
      via: { kind: 'targetFqdn', target: 'api.partner.example' },
    });
  });

  it('finds a wildcard target', () => {
    expect(findExistingAllowance(policy, query('api.github.com'))?.via).toEqual({ kind: 'targetFqdn', target: '*.github.com' });
  });

  it.each([
    { label: 'mcr', fqdn: 'mcr.microsoft.com' },
    { label: 'a data endpoint under a listed wildcard', fqdn: 'westeurope.data.mcr.microsoft.com' },
    { label: 'the API server for a region', fqdn: 'abc123.hcp.westeurope.azmk8s.io' },
  ])('finds the AzureKubernetesService tag for $label', ({ fqdn }) => {
    expect(findExistingAllowance(policy, query(fqdn))).toMatchObject({ ruleName: 'aks', via: { kind: 'fqdnTag', tag: 'AzureKubernetesService' } });
  });

  it.each([
    { label: 'an FQDN nobody allowed', q: query('unknown.example.com') },
    { label: 'a source outside the rule', q: query('api.partner.example', ['10.42.2.0/24']) },
    { label: 'a source wider than the rule', q: query('api.partner.example', ['10.42.0.0/16']) },
    { label: 'another port', q: query('api.github.com', ['10.42.1.0/24'], { protocolType: 'Https', port: 8443 }) },
    { label: 'a tag FQDN on http', q: query('mcr.microsoft.com', ['10.42.1.0/24'], { protocolType: 'Http', port: 80 }) },
    { label: 'the apex of a wildcard', q: query('github.com') },
    { label: 'an FQDN only in a Deny collection', q: query('evil.example.com') },
    { label: 'a wildcard wider than the tag entry', q: query('*.microsoft.com') },
  ])('finds nothing for $label', ({ q }) => {
    expect(findExistingAllowance(policy, q)).toBeUndefined();
  });

  it('reports the rule the firewall reaches first (group priority order)', () => {
    const both = [group('late', 900, 'Allow', [appRule('late-rule', { targetFqdns: ['x.example.com'] })]), group('early', 150, 'Allow', [appRule('early-rule', { targetFqdns: ['*.example.com'] })])];
    expect(findExistingAllowance(both, query('x.example.com'))?.ruleName).toBe('early-rule');
  });
});

describe('aksFqdnTagCovers', () => {
  it.each([
    { fqdn: 'packages.aks.azure.com', covered: true },
    { fqdn: '*.data.mcr.microsoft.com', covered: true },
    { fqdn: '*.hcp.eastus.azmk8s.io', covered: true },
    { fqdn: 'hcp.eastus.azmk8s.io', covered: false },
    { fqdn: 'x.hcp.east.us.azmk8s.io', covered: false },
    { fqdn: 'evil-mcr.microsoft.com', covered: false },
  ])('$fqdn -> $covered', ({ fqdn, covered }) => {
    expect(aksFqdnTagCovers(fqdn)).toBe(covered);
  });
});
