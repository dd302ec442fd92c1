import { networkArmActions } from '../../../shared/azure/network/networkArmActions';
import { postureArmActions } from '../../../shared/azure/posture/postureArmActions';
import { armActionsByStrategy, bypassRouteRemovalActions, guardedSubscriptionActions, handledEventOperations, hubFirewallReadActions, linkedResourceActions } from '../../../shared/azure/permissions';
import { watchedOperations } from '../../../shared/core/events/resourceEvent';

/** The adapters' own declarations must be covered by the role the infra grants (permissions.ts mirrors infra/). */
describe('least privilege from the code', () => {
  it('grants every ARM action the network adapter performs (per-vnet strategy with bypass-route removal)', () => {
    const granted = new Set([...guardedSubscriptionActions('per-vnet', true), ...hubFirewallReadActions]);
    expect(networkArmActions.filter((action) => !granted.has(action))).toEqual([]);
  });

  it('grants every ARM action the posture reader performs (reads on the guarded subscriptions and the hub)', () => {
    const granted = new Set([...guardedSubscriptionActions('shared', false), ...hubFirewallReadActions]);
    expect(postureArmActions.filter((action) => !granted.has(action))).toEqual([]);
  });

  it('grants the load balancer read on the guarded subscriptions, where node resource groups live', () => {
    expect(guardedSubscriptionActions('shared', false)).toContain('Microsoft.Network/loadBalancers/read');
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
