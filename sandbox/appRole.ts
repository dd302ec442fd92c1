import type { ArmResource } from './emulators/arm';
import type { AccessGrant } from './emulators/arm/linkedAccess';
import {
  firewallPolicyOperationStatusActions,
  firewallPolicyRuleActions,
  guardedSubscriptionActions,
  hubFirewallReadActions,
  linkedResourceActions,
  type ForeignRouteTableAction,
  type RouteTableStrategy,
} from '../shared/azure/permissions';

/**
 * Actions of the built-in Monitoring Reader role infra/ assigns on each firewall (SNAT metrics): `*\/read` and
 * `Microsoft.Support/*` (Azure built-in roles, Monitoring Reader 43d0d8ad-25c7-4714-9337-8ba259a9fe05).
 */
const monitoringReaderActions = ['*/read', 'Microsoft.Support/*'];

export interface AppRoleInputs {
  /** The app settings the app will get (the sandbox's defaults with --setting applied). */
  readonly settings: Readonly<Record<string, string | undefined>>;
  readonly seed: readonly ArmResource[];
  /** infra's linked_resource_scopes (--linked-scope). */
  readonly linkedScopes: readonly string[];
}

/**
 * The app's role assignments as infra/modules/egress-guard/roles.tf makes them, mapped onto the sandbox's settings
 * and seed, for the ARM emulator's access checks (own action and linked join/peer):
 * - the guarded subscription role (guardedSubscriptionActions by ROUTE_TABLE_STRATEGY, REMOVE_BYPASS_ROUTES and
 *   FOREIGN_ROUTE_TABLE_ACTION) on each of GUARDED_SUBSCRIPTION_IDS;
 * - the hub firewall reader on each resource group of FIREWALL_RESOURCE_IDS;
 * - Monitoring Reader on each firewall;
 * - the firewall policy rules role on FIREWALL_POLICY_ID, else on the first firewall's policy: the one the app then
 *   uses, which infra resolves the same way (firewall_policy.tf) and grants the role on; and the operation status
 *   reads on that policy's resource group (the rule collection group PUT's status URLs name no resource);
 * - the linked resources role on each linked scope.
 * Log Analytics Reader (the workspace) is not an ARM emulator scope: the logs emulator serves queries.
 */
export function appRoleGrants({ settings, seed, linkedScopes }: AppRoleInputs): AccessGrant[] {
  const list = (name: string) => settings[name]?.split(',').map((item) => item.trim()).filter(Boolean) ?? [];
  const subscriptions = list('GUARDED_SUBSCRIPTION_IDS');
  const strategy: RouteTableStrategy = settings['ROUTE_TABLE_STRATEGY'] === 'shared' ? 'shared' : 'per-vnet';
  const removeBypassRoutes = settings['REMOVE_BYPASS_ROUTES']?.toLowerCase() === 'true';
  const foreignAction = settings['FOREIGN_ROUTE_TABLE_ACTION'];
  const foreignRouteTableAction: ForeignRouteTableAction = foreignAction === 'report' || foreignAction === 'swap' ? foreignAction : 'repair-in-place';
  const firewalls = list('FIREWALL_RESOURCE_IDS');
  const firewallGroups = [...new Set(firewalls.map(resourceGroupOf).filter((id): id is string => id !== undefined))];
  const policy = settings['FIREWALL_POLICY_ID'] ?? attachedPolicyOf(seed, firewalls[0]);
  return [
    ...subscriptions.map((id) => ({ scope: `/subscriptions/${id.toLowerCase()}`, actions: guardedSubscriptionActions(strategy, removeBypassRoutes, foreignRouteTableAction) })),
    ...firewallGroups.map((scope) => ({ scope, actions: [...hubFirewallReadActions] })),
    ...firewalls.map((scope) => ({ scope, actions: [...monitoringReaderActions] })),
    ...(policy ? [{ scope: policy, actions: [...firewallPolicyRuleActions] }] : []),
    ...(policy && resourceGroupOf(policy) ? [{ scope: resourceGroupOf(policy)!, actions: [...firewallPolicyOperationStatusActions] }] : []),
    ...linkedScopes.map((scope) => ({ scope, actions: [...linkedResourceActions] })),
  ];
}

function resourceGroupOf(id: string): string | undefined {
  return /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)\//i.exec(id)?.[1];
}

function attachedPolicyOf(seed: readonly ArmResource[], firewallId: string | undefined): string | undefined {
  if (!firewallId) return undefined;
  const firewall = seed.find((resource) => resource.id.toLowerCase() === firewallId.toLowerCase());
  const policy = (firewall?.properties as { firewallPolicy?: { id?: unknown } } | undefined)?.firewallPolicy?.id;
  return typeof policy === 'string' ? policy : undefined;
}
