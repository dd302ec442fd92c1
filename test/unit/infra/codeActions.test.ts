import { networkArmActions } from '../../../shared/azure/network/networkArmActions';
import { postureArmActions } from '../../../shared/azure/posture/postureArmActions';
import {
  armActionsByStrategy,
  bypassRouteRemovalActions,
  foreignRouteTableRepairActions,
  guardedSubscriptionActions,
  handledEventOperations,
  hubFirewallReadActions,
  linkedResourceActions,
  type ForeignRouteTableAction,
  type RouteTableStrategy,
} from '../../../shared/azure/permissions';
import { decide, type ObservedVnet } from '../../../shared/core/drift/decide';
import type { Write } from '../../../shared/core/drift/writes';
import { armRoute, armRouteTable, armSubnet, armVnet, cluster, compliant, foreignTableId, fwIp, policy } from '../core/drift/fixtures';
import { watchedOperations } from '../../../shared/core/events/resourceEvent';

/** The adapters' own declarations must be covered by the role the infra grants (permissions.ts mirrors infra/). */
describe('least privilege from the code', () => {
  it('grants every ARM action the network adapter performs (per-vnet strategy with bypass-route removal)', () => {
    const granted = new Set([...guardedSubscriptionActions('per-vnet', true, 'repair-in-place'), ...hubFirewallReadActions]);
    expect(networkArmActions.filter((action) => !granted.has(action))).toEqual([]);
  });

  it('grants every ARM action the posture reader performs (reads on the guarded subscriptions and the hub)', () => {
    const granted = new Set([...guardedSubscriptionActions('shared', false, 'repair-in-place'), ...hubFirewallReadActions]);
    expect(postureArmActions.filter((action) => !granted.has(action))).toEqual([]);
  });

  it('grants the load balancer read on the guarded subscriptions, where node resource groups live', () => {
    expect(guardedSubscriptionActions('shared', false, 'repair-in-place')).toContain('Microsoft.Network/loadBalancers/read');
  });

  it('grants no write the network adapter never performs', () => {
    // join/peer actions are performed through the references the adapter's VNet/subnet bodies carry back
    // (shared/azure/arm/linkedReferences.ts), not as calls of their own.
    const performed = new Set<string>([...networkArmActions, ...linkedResourceActions]);
    const writes = [...armActionsByStrategy['per-vnet'], ...bypassRouteRemovalActions].filter((action) => !action.endsWith('/read'));
    expect(writes.filter((action) => !performed.has(action))).toEqual([]);
  });

  it('filters Event Grid on exactly the operations the trigger handles', () => {
    expect([...handledEventOperations].sort()).toEqual(Object.keys(watchedOperations).sort());
  });
});

/** The RBAC action of each write the drift core can plan (applyWrite sends each as one ARM call). */
const actionOfWrite: Readonly<Record<Write['kind'], string>> = {
  'route-table-create': 'Microsoft.Network/routeTables/write',
  'route-table-update': 'Microsoft.Network/routeTables/write',
  'route-put': 'Microsoft.Network/routeTables/routes/write',
  'route-delete': 'Microsoft.Network/routeTables/routes/delete',
  'subnet-put': 'Microsoft.Network/virtualNetworks/subnets/write',
  'vnet-put': 'Microsoft.Network/virtualNetworks/write',
};

describe('least privilege for FOREIGN_ROUTE_TABLE_ACTION', () => {
  // A platform team's table at an old NVA with BGP propagation on: repair in place writes the route and the flag.
  const foreignTable = armRouteTable({ id: foreignTableId, routes: [armRoute('default', '0.0.0.0/0', 'VirtualAppliance', '10.9.9.9')], disableBgpRoutePropagation: false });
  const subnet = armSubnet('aks-nodes', { routeTable: { id: foreignTableId } });
  const vnet = armVnet({ dnsServers: [fwIp], subnets: [subnet] });
  const observed: ObservedVnet = { vnet, subnets: [compliant({ subnet, vnet, associatedRouteTable: foreignTable })] };
  const plannedActions = (strategy: RouteTableStrategy, foreignRouteTableAction: ForeignRouteTableAction) =>
    [...new Set(decide(observed, { ...policy, routeTableStrategy: strategy, foreignRouteTableAction }).writes.map(({ write }) => actionOfWrite[write.kind]))].sort();

  it.each<{ strategy: RouteTableStrategy; action: ForeignRouteTableAction }>([
    { strategy: 'shared', action: 'repair-in-place' },
    { strategy: 'shared', action: 'swap' },
    { strategy: 'shared', action: 'report' },
    { strategy: 'per-vnet', action: 'repair-in-place' },
    { strategy: 'per-vnet', action: 'report' },
  ])('the role ($strategy, $action) grants every write the core plans for a foreign table', ({ strategy, action }) => {
    const granted = new Set(guardedSubscriptionActions(strategy, false, action));
    expect(plannedActions(strategy, action).filter((needed) => !granted.has(needed))).toEqual([]);
  });

  it('repair in place with the shared strategy writes the route and the BGP flag, which the strategy alone does not grant', () => {
    expect(plannedActions('shared', 'repair-in-place')).toEqual(['Microsoft.Network/routeTables/routes/write', 'Microsoft.Network/routeTables/write']);
    expect(armActionsByStrategy.shared.filter((granted) => (foreignRouteTableRepairActions as readonly string[]).includes(granted))).toEqual([]);
    expect(guardedSubscriptionActions('shared', false, 'repair-in-place')).toEqual(expect.arrayContaining([...foreignRouteTableRepairActions]));
  });

  it('swap still repairs a kubenet cluster\'s table in place (it cannot be swapped): the shared role with swap grants those writes', () => {
    const kubenet = { ...compliant({ subnet, vnet, associatedRouteTable: foreignTable }), clusters: [{ ...cluster('userDefinedRouting'), networkPlugin: 'kubenet' }] };
    const writes = decide({ vnet, subnets: [kubenet] }, { ...policy, routeTableStrategy: 'shared', foreignRouteTableAction: 'swap' }).writes.map(({ write }) => actionOfWrite[write.kind]);
    expect(writes).toContain('Microsoft.Network/routeTables/routes/write');
    const granted = new Set(guardedSubscriptionActions('shared', false, 'swap'));
    expect(writes.filter((needed) => !granted.has(needed))).toEqual([]);
  });

  it('report writes nothing into a foreign table, and the shared role then holds no route table write', () => {
    expect(plannedActions('shared', 'report')).toEqual([]);
    expect(guardedSubscriptionActions('shared', false, 'report').filter((granted) => (foreignRouteTableRepairActions as readonly string[]).includes(granted))).toEqual([]);
  });

  it('lists every action once', () => {
    const actions = guardedSubscriptionActions('per-vnet', true, 'repair-in-place');
    expect(new Set(actions).size).toBe(actions.length);
  });
});
