import type { ArmRuleCollectionGroup } from '../../../../shared/core/firewallPolicy/firewallPolicyModel';
import type { OwnedRule } from '../../../../shared/core/ruleRequests/ownedRule';
import { OwnedCollectionConflictError, planRuleCollectionGroup } from '../../../../shared/core/ruleRequests/planRuleCollectionGroup';

const options = { groupName: 'egress-guard-requests', groupPriority: 64000 };
const rule = (requestId: string, fqdns = ['api.example.com']): OwnedRule => ({
  requestId,
  fqdns,
  protocols: [{ protocolType: 'Https', port: 443 }],
  sourceAddresses: ['10.42.1.0/24'],
  expiresAt: '2026-12-24T10:00:00.000Z',
});

/** A group as ARM returns it: read-only fields, a human-made collection with unknown properties, echoed defaults. */
const readFromArm = (): ArmRuleCollectionGroup => ({
  id: '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp/ruleCollectionGroups/egress-guard-requests',
  name: 'egress-guard-requests',
  type: 'Microsoft.Network/FirewallPolicies/RuleCollectionGroups',
  etag: 'W/"e1"',
  properties: {
    priority: 500,
    provisioningState: 'Succeeded',
    size: '0.01 MB',
    futureGroupProperty: { keep: true },
    ruleCollections: [
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
        name: 'manual',
        priority: 100,
        action: { type: 'Allow' },
        futureCollectionProperty: 'x',
        rules: [{ ruleType: 'NetworkRule', name: 'ntp', ipProtocols: ['UDP'], destinationPorts: ['123'], destinationAddresses: ['*'], sourceAddresses: ['*'] }],
      },
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
        name: 'egress-guard-requests',
        priority: 200,
        action: { type: 'Allow' },
        rules: [
          {
            ruleType: 'ApplicationRule',
            name: 'req-r1',
            description: 'aks-egress-guard request r1, expires 2026-12-24T10:00:00.000Z',
            protocols: [{ protocolType: 'Https', port: 443 }],
            targetFqdns: ['API.example.com'],
            sourceAddresses: ['10.42.1.0/24'],
            fqdnTags: [],
            webCategories: [],
            targetUrls: [],
            terminateTLS: false,
            destinationAddresses: [],
            sourceIpGroups: [],
            httpHeadersToInsert: [],
          },
          { ruleType: 'ApplicationRule', name: 'hand-made', targetFqdns: ['x.example.org'], protocols: [{ protocolType: 'Http', port: 80 }], sourceAddresses: ['*'] },
          { ruleType: 'ApplicationRule', name: 'req-old', targetFqdns: ['old.example.com'], protocols: [{ protocolType: 'Https', port: 443 }], sourceAddresses: ['10.42.0.0/16'] },
        ],
      },
    ],
  },
});

describe('planRuleCollectionGroup', () => {
  it('creates the group with one owned Allow collection when none exists', () => {
    const plan = planRuleCollectionGroup(undefined, [rule('r2'), rule('r1')], options);
    expect(plan.changed).toBe(true);
    expect(plan.etag).toBeUndefined();
    expect(plan.diff).toEqual({ added: ['req-r1', 'req-r2'], removed: [], updated: [], unchanged: [] });
    expect(plan.body).toEqual({
      name: 'egress-guard-requests',
      properties: {
        priority: 64000,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'egress-guard-requests',
            priority: 100,
            action: { type: 'Allow' },
            rules: [
              expect.objectContaining({ ruleType: 'ApplicationRule', name: 'req-r1', targetFqdns: ['api.example.com'], sourceAddresses: ['10.42.1.0/24'], protocols: [{ protocolType: 'Https', port: 443 }] }),
              expect.objectContaining({ name: 'req-r2' }),
            ],
          },
        ],
      },
    });
  });

  it('is a no-op for an empty desired set and no group', () => {
    const plan = planRuleCollectionGroup(undefined, [], options);
    expect(plan.changed).toBe(false);
    expect(plan.body.properties?.ruleCollections).toEqual([]);
  });

  it('keeps foreign collections and rules exactly as read, drops read-only fields, keeps the group priority', () => {
    const current = readFromArm();
    const plan = planRuleCollectionGroup(current, [rule('r1')], options);
    const collections = plan.body.properties?.ruleCollections ?? [];
    expect(collections[0]).toBe(current.properties?.ruleCollections?.[0]);
    expect(collections[1]?.rules?.[1]).toBe(current.properties?.ruleCollections?.[1]?.rules?.[1]);
    expect(plan.body).not.toHaveProperty('etag');
    expect(plan.body).not.toHaveProperty('type');
    expect(plan.body.properties).not.toHaveProperty('provisioningState');
    expect(plan.body.properties).not.toHaveProperty('size');
    expect(plan.body.properties).toMatchObject({ priority: 500, futureGroupProperty: { keep: true } });
    expect(plan.body.id).toBe(current.id);
    expect(plan.etag).toBe('W/"e1"');
  });

  it('removes exactly the expired owned rule and leaves the equivalent one untouched', () => {
    const current = readFromArm();
    const plan = planRuleCollectionGroup(current, [rule('r1')], options);
    expect(plan.diff).toEqual({ added: [], removed: ['req-old'], updated: [], unchanged: ['req-r1'] });
    expect(plan.changed).toBe(true);
    const owned = plan.body.properties?.ruleCollections?.[1];
    expect(owned?.rules?.map((r) => r.name)).toEqual(['req-r1', 'hand-made']);
    // ARM's echoed defaults and FQDN case do not count as drift: the rule goes back as read.
    expect(owned?.rules?.[0]).toBe(current.properties?.ruleCollections?.[1]?.rules?.[0]);
  });

  it('reports no change when the group already matches (replay after a successful PUT)', () => {
    const first = planRuleCollectionGroup(undefined, [rule('r1'), rule('r2')], options);
    const replayed = planRuleCollectionGroup({ ...first.body, etag: 'W/"e2"' }, [rule('r2'), rule('r1')], options);
    expect(replayed.changed).toBe(false);
    expect(replayed.diff.unchanged).toEqual(['req-r1', 'req-r2']);
    expect(replayed.body.properties?.ruleCollections?.[0]?.rules).toHaveLength(2);
  });

  it('rewrites a drifted owned rule in place', () => {
    const plan = planRuleCollectionGroup(readFromArm(), [rule('r1', ['api.example.com', 'cdn.example.com']), rule('old', ['old.example.com'])], options);
    expect(plan.diff.updated).toEqual(['req-r1', 'req-old']);
    expect(plan.body.properties?.ruleCollections?.[1]?.rules?.[0]).toMatchObject({ name: 'req-r1', targetFqdns: ['api.example.com', 'cdn.example.com'] });
  });

  it('drops the owned collection when no owned or foreign rule is left in it', () => {
    const current = readFromArm();
    const ownedOnly = { ...current, properties: { ...current.properties, ruleCollections: [{ ...current.properties!.ruleCollections![1]!, rules: [current.properties!.ruleCollections![1]!.rules![0]!] }] } };
    const plan = planRuleCollectionGroup(ownedOnly, [], options);
    expect(plan.diff.removed).toEqual(['req-r1']);
    expect(plan.body.properties?.ruleCollections).toEqual([]);
  });

  it('creates the owned collection at the next free priority', () => {
    const current = readFromArm();
    const withoutOwned = { ...current, properties: { ...current.properties, ruleCollections: [current.properties!.ruleCollections![0]!] } };
    const plan = planRuleCollectionGroup(withoutOwned, [rule('r9')], options);
    expect(plan.body.properties?.ruleCollections?.[1]).toMatchObject({ name: 'egress-guard-requests', priority: 101 });
  });

  it('refuses to write into an owned collection that is not Allow', () => {
    const current = readFromArm();
    const denied = { ...current, properties: { ...current.properties, ruleCollections: [{ ...current.properties!.ruleCollections![1]!, action: { type: 'Deny' } }] } };
    expect(() => planRuleCollectionGroup(denied, [rule('r1')], options)).toThrow(OwnedCollectionConflictError);
  });
});
