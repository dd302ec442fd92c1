import { decide, type ObservedVnet } from '../../../../shared/core/drift/decide';
import type { ArmSubnet } from '../../../../shared/azure/arm/armJson';
import type { ObservedSubnet } from '../../../../shared/core/drift/types';
import { armRouteTable, armSubnet, armVnet, compliant, fwIp, ownedTableId, policy, vnetId } from './fixtures';

/** A VNet with the given subnets, each observed like `compliant()` with `overrides` applied per subnet. */
function vnetOf(subnets: Array<{ subnet: ArmSubnet; overrides?: Partial<ObservedSubnet> }>, dnsServers: string[] = [fwIp]): ObservedVnet {
  const vnet = armVnet({ dnsServers, subnets: subnets.map(({ subnet }) => subnet) });
  return { vnet, subnets: subnets.map(({ subnet, overrides }) => compliant({ subnet, vnet, ...overrides })) };
}

const associated = (name: string) => armSubnet(name, { routeTable: { id: ownedTableId } });
const bare = (name: string) => armSubnet(name);
const without = { associatedRouteTable: undefined };
const describeWrites = (observed: ObservedVnet, overrides = {}) =>
  decide(observed, { ...policy, ...overrides }).writes.map(({ write, subnetIds }) => `${write.kind} ${write.resourceId.split('/').pop()} [${subnetIds.map((id) => id.split('/').pop()).join(',')}]`);

describe('decide (one VNet)', () => {
  it.each<{ label: string; observed: ObservedVnet; writes: string[]; outcome: string }>([
    { label: 'all compliant: nothing', observed: vnetOf([{ subnet: associated('aks-a') }, { subnet: associated('aks-b') }]), writes: [], outcome: 'compliant' },
    {
      label: 'one subnet without a table: one subnet PUT',
      observed: vnetOf([{ subnet: bare('aks-a'), overrides: without }, { subnet: associated('aks-b') }]),
      writes: ['subnet-put aks-a [aks-a]'],
      outcome: 'writes-due',
    },
    {
      label: 'three siblings without a table: one VNet PUT carrying all three',
      observed: vnetOf([{ subnet: bare('aks-a'), overrides: without }, { subnet: bare('aks-b'), overrides: without }, { subnet: bare('aks-c'), overrides: without }]),
      writes: ['vnet-put vnet-spoke [aks-a,aks-b,aks-c]'],
      outcome: 'writes-due',
    },
    {
      label: 'one association plus the DNS fix: one VNet PUT',
      observed: vnetOf([{ subnet: bare('aks-a'), overrides: without }, { subnet: associated('aks-b') }], ['8.8.8.8']),
      writes: ['vnet-put vnet-spoke [aks-a,aks-b]'],
      outcome: 'writes-due',
    },
    {
      label: 'only the DNS is wrong: one VNet PUT without subnets',
      observed: vnetOf([{ subnet: associated('aks-a') }, { subnet: associated('aks-b') }], ['8.8.8.8']),
      writes: ['vnet-put vnet-spoke [aks-a,aks-b]'],
      outcome: 'writes-due',
    },
    {
      label: 'the shared table lost its default route: one route PUT for both subnets, then nothing else',
      observed: vnetOf([
        { subnet: associated('aks-a'), overrides: { ownedRouteTable: armRouteTable({ routes: [] }), associatedRouteTable: armRouteTable({ routes: [] }) } },
        { subnet: associated('aks-b'), overrides: { ownedRouteTable: armRouteTable({ routes: [] }), associatedRouteTable: armRouteTable({ routes: [] }) } },
      ]),
      writes: ['route-put egress-guard-default [aks-a,aks-b]'],
      outcome: 'writes-due',
    },
    {
      label: 'no table yet: created once, then the associations in one VNet PUT',
      observed: vnetOf([
        { subnet: bare('aks-a'), overrides: { ...without, ownedRouteTable: undefined } },
        { subnet: bare('aks-b'), overrides: { ...without, ownedRouteTable: undefined } },
      ]),
      writes: ['route-table-create rt-vnet-spoke-egress [aks-a,aks-b]', 'vnet-put vnet-spoke [aks-a,aks-b]'],
      outcome: 'writes-due',
    },
    {
      label: 'audit: findings, no writes',
      observed: vnetOf([{ subnet: bare('aks-a'), overrides: { ...without, mode: { mode: 'audit', source: 'setting' } } }]),
      writes: [],
      outcome: 'reported',
    },
  ])('$label', ({ observed, writes, outcome }) => {
    expect(describeWrites(observed)).toEqual(writes);
    expect(decide(observed, policy).outcome).toBe(outcome);
  });

  it('the combined VNet PUT lists every subnet as read (an omitted one would be deleted), only the associations changed, If-Match on the VNet etag', () => {
    const db = armSubnet('db', { serviceEndpoints: [{ service: 'Microsoft.Sql', locations: ['*'] }] });
    const observed = vnetOf([{ subnet: bare('aks-a'), overrides: without }, { subnet: bare('aks-b'), overrides: without }]);
    const vnet = { ...observed.vnet, properties: { ...observed.vnet.properties, subnets: [...observed.vnet.properties!.subnets!, db] } };
    const [planned] = decide({ vnet, subnets: observed.subnets.map((subnet) => ({ ...subnet, vnet })) }, policy).writes;
    const write = planned!.write as unknown as { ifMatch: string; body: { properties: { subnets: Array<{ name: string; etag?: string; properties: Record<string, unknown> }> } } };
    expect(write.ifMatch).toBe(vnet.etag);
    expect(write.body.properties.subnets.map((subnet) => subnet.name)).toEqual(['aks-a', 'aks-b', 'db']);
    expect(write.body.properties.subnets[2]!.properties.serviceEndpoints).toEqual(db.properties!.serviceEndpoints);
    expect(write.body.properties.subnets[2]!.properties.routeTable).toBeUndefined();
    expect(write.body.properties.subnets.slice(0, 2).map((subnet) => subnet.properties.routeTable)).toEqual([{ id: ownedTableId }, { id: ownedTableId }]);
    expect(write.body.properties.subnets.every((subnet) => subnet.etag === undefined && subnet.properties.ipConfigurations === undefined)).toBe(true);
  });

  it('gives a verdict per subnet, with the table it uses', () => {
    const decision = decide(vnetOf([{ subnet: bare('aks-a'), overrides: without }, { subnet: associated('aks-b') }]), policy);
    expect(decision.subnets.map(({ subnetId, state, routeTable }) => [subnetId.split('/').pop(), state, routeTable?.ownedByGuard])).toEqual([
      ['aks-a', 'writes-due', undefined],
      ['aks-b', 'compliant', true],
    ]);
    expect(decision.vnetId).toBe(vnetId);
  });
});
