import { ArmError } from './armError';
import type { Caller } from './auth';
import type { ArmResponse, EmulatorContext } from './context';
import { RESOURCE_GROUP_TYPE } from './resourceKinds';

/** `/subscriptions` and `/subscriptions/{id}` (Microsoft.Resources, api-version 2022-12-01), nothing below them. */
const subscriptionsPath = /^\/subscriptions(?:\/([^/]+))?\/?$/i;

export function isSubscriptionsPath(pathname: string): boolean {
  return subscriptionsPath.test(pathname);
}

/**
 * The subscriptions the caller can read: in the sandbox, every subscription that holds a resource group (the seed's).
 * Shape of a Subscription as ARM returns it; an unknown id answers 404 SubscriptionNotFound with ARM's wording
 * ("The subscription '<id>' could not be found."), as Azure does for a subscription the caller cannot see.
 */
export function handleSubscriptions(context: EmulatorContext, method: string, pathname: string, caller: Caller): ArmResponse {
  if (method !== 'GET') throw new ArmError(405, 'MethodNotAllowed', `The requested method ${method} is not allowed.`);
  const requested = subscriptionsPath.exec(pathname)?.[1];
  const known = new Map<string, string>();
  for (const group of context.store.ofType(RESOURCE_GROUP_TYPE)) {
    const id = /^\/subscriptions\/([^/]+)\//i.exec(group.id)?.[1];
    if (id !== undefined && !known.has(id.toLowerCase())) known.set(id.toLowerCase(), id);
  }
  const view = (subscriptionId: string) => ({
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId,
    tenantId: caller.tenantId,
    displayName: `sandbox-${subscriptionId.slice(0, 8)}`,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  });
  if (requested === undefined) {
    return { status: 200, body: { value: [...known.values()].map(view), count: { type: 'Total', value: known.size } } };
  }
  const found = known.get(requested.toLowerCase());
  if (found === undefined) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${requested}' could not be found.`);
  return { status: 200, body: view(found) };
}
