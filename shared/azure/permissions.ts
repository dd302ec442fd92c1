/**
 * What the app is allowed to do in Azure, as plain data: the single source of truth for least privilege.
 *
 * Adapters declare the ARM actions they perform (e.g. the network adapter's `networkArmActions`) and a test checks
 * those are a subset of the lists here; infra/ declares the same lists as literal HCL and
 * test/unit/infra/permissions.test.ts fails when the two differ. So adding a call in code without widening the role
 * (or widening the role without a call in code) breaks the build, not production.
 */

import type { ForeignTableAction } from '../core/drift/routeTableTarget';
import { watchedOperations } from '../core/events/resourceEvent';
import { linkedActions } from './arm/linkedReferences';

export type RouteTableStrategy = 'per-vnet' | 'shared';

/** Reads on the guarded subscriptions: observing spokes, their route tables and the clusters using them. */
export const guardedSubscriptionReadActions = [
  'Microsoft.Network/virtualNetworks/read',
  'Microsoft.Network/virtualNetworks/subnets/read',
  'Microsoft.Network/routeTables/read',
  'Microsoft.Network/routeTables/routes/read',
  'Microsoft.Network/azureFirewalls/read',
  'Microsoft.Network/firewallPolicies/read',
  'Microsoft.Network/publicIPAddresses/read',
  'Microsoft.ContainerService/managedClusters/read',
  'Microsoft.ContainerService/managedClusters/agentPools/read',
  // Posture: load balancers (and their public IPs, above) in the clusters' node resource groups.
  'Microsoft.Network/loadBalancers/read',
] as const;

/**
 * Tracking the write's long-running operation: the SDK polls the Azure-AsyncOperation URL
 * (`/subscriptions/{s}/providers/Microsoft.Network/locations/{l}/operations/{id}`) and, for a DELETE, the Location
 * URL (`.../operationResults/{id}`). Neither URL names the resource, so ARM authorizes them on their own actions, and
 * a grant on the resource alone is not enough: Microsoft Learn, "Track asynchronous Azure operations", section
 * "Permission for tracking async status" (resource group level or above). The actions as Microsoft.Network lists
 * them: "Gets operation resource that represents status of an asynchronous operation" / "Gets operation result of
 * an async POST or DELETE operation".
 */
export const asyncOperationStatusActions = ['Microsoft.Network/locations/operations/read', 'Microsoft.Network/locations/operationResults/read'] as const;

/**
 * Writes every strategy needs: associating a route table with a subnet is a subnet (or VNet) PUT, and ARM's linked
 * access check also requires join/action on the route table being referenced. Every write is a long-running
 * operation whose status the SDK tracks.
 */
const associationWriteActions = [
  ...asyncOperationStatusActions,
  'Microsoft.Network/virtualNetworks/write',
  'Microsoft.Network/virtualNetworks/subnets/write',
  'Microsoft.Network/routeTables/join/action',
  // A subnet or VNet PUT carries every reference back unchanged (NSG, NAT gateway, service endpoint policies, DDoS
  // plan, peered remote VNets, IPAM pools), and ARM's linked access check asks for join/peer on each one
  // (shared/azure/arm/linkedReferences.ts lists them with their sources).
  'Microsoft.Network/networkSecurityGroups/join/action',
  'Microsoft.Network/natGateways/join/action',
  'Microsoft.Network/serviceEndpointPolicies/join/action',
  'Microsoft.Network/ddosProtectionPlans/join/action',
  'Microsoft.Network/virtualNetworks/peer/action',
  'Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action',
] as const;

/** per-vnet creates and maintains its own route table and routes; shared only associates existing tables. */
export const routeTableWriteActionsByStrategy: Readonly<Record<RouteTableStrategy, readonly string[]>> = {
  'per-vnet': [
    ...associationWriteActions,
    'Microsoft.Network/routeTables/write',
    'Microsoft.Network/routeTables/routes/write',
  ],
  shared: [...associationWriteActions],
};

/** Only granted when REMOVE_BYPASS_ROUTES is true: otherwise bypass routes are reported, never deleted. */
export const bypassRouteRemovalActions = ['Microsoft.Network/routeTables/routes/delete'] as const;

/** Everything the custom role on each guarded subscription holds, by ROUTE_TABLE_STRATEGY (bypass removal aside). */
export const armActionsByStrategy: Readonly<Record<RouteTableStrategy, readonly string[]>> = {
  'per-vnet': [...guardedSubscriptionReadActions, ...routeTableWriteActionsByStrategy['per-vnet']],
  shared: [...guardedSubscriptionReadActions, ...routeTableWriteActionsByStrategy.shared],
};

/** FOREIGN_ROUTE_TABLE_ACTION's values, as the drift core reads them. */
export type ForeignRouteTableAction = ForeignTableAction;

/**
 * Repair in place writes into route tables the guard does not own: the offending route (routes/write) and the BGP
 * flag (a route table PUT). Needed unless FOREIGN_ROUTE_TABLE_ACTION is `report`: `swap` still repairs a kubenet
 * cluster's table in place (that table cannot be swapped). per-vnet holds both anyway; `shared` does not.
 */
export const foreignRouteTableRepairActions = ['Microsoft.Network/routeTables/write', 'Microsoft.Network/routeTables/routes/write'] as const;

/** Whether the guard may write into route tables it does not own with this FOREIGN_ROUTE_TABLE_ACTION. */
export function repairsForeignRouteTables(foreignRouteTableAction: ForeignRouteTableAction): boolean {
  return foreignRouteTableAction !== 'report';
}

/** The exact action list of the guarded-subscription role for one configuration (no duplicates, strategy order first). */
export function guardedSubscriptionActions(strategy: RouteTableStrategy, removeBypassRoutes: boolean, foreignRouteTableAction: ForeignRouteTableAction): string[] {
  return [
    ...new Set([
      ...armActionsByStrategy[strategy],
      ...(repairsForeignRouteTables(foreignRouteTableAction) ? foreignRouteTableRepairActions : []),
      ...(removeBypassRoutes ? bypassRouteRemovalActions : []),
    ]),
  ];
}

/**
 * Reads on the hub firewalls, which usually live outside the guarded subscriptions: the firewall's current private
 * IP (next hop), its public IPs (optional Internet route and posture), the policy attached to it, its parents, rule
 * collection groups and IP groups (posture).
 */
export const hubFirewallReadActions = [
  'Microsoft.Network/azureFirewalls/read',
  'Microsoft.Network/publicIPAddresses/read',
  'Microsoft.Network/firewallPolicies/read',
  // Posture evaluates the policy's rules (and its parents') and the IP groups they name.
  'Microsoft.Network/firewallPolicies/ruleCollectionGroups/read',
  'Microsoft.Network/ipGroups/read',
] as const;

/**
 * Approved rule requests rewrite the app's own rule collection group. No firewallPolicies/write (the policy itself
 * is never changed) and no join/action (the app never attaches a policy to a firewall).
 */
export const firewallPolicyRuleActions = [
  'Microsoft.Network/firewallPolicies/read',
  'Microsoft.Network/firewallPolicies/ruleCollectionGroups/read',
  'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write',
] as const;

/**
 * The rule collection group PUT is a long-running operation, and the rule role is granted on the policy only: its
 * status URLs are authorized at resource group level or above (asyncOperationStatusActions), so infra assigns a
 * role holding just these two reads on the policy's resource group.
 */
export const firewallPolicyOperationStatusActions = asyncOperationStatusActions;

/**
 * Event Grid `data.operationName` values the drift trigger handles (RBAC operation names, see arm-contract.md §6).
 * The event subscription filters on exactly these, so unrelated writes never wake the app.
 */
export const handledEventOperations: readonly string[] = Object.keys(watchedOperations);

/** The Event Grid event types carrying those operations. */
export const handledEventTypes = [
  'Microsoft.Resources.ResourceWriteSuccess',
  'Microsoft.Resources.ResourceDeleteSuccess',
] as const;

/**
 * The same join/peer actions, for the resources guarded VNets reference outside the guarded subscriptions (the hub
 * VNet of a peering, a central DDoS plan, IPAM pools, shared NSGs or route tables): infra/ grants them as a role of
 * their own on `linked_resource_scopes`. Without it the DNS repair of a peered or DDoS-protected spoke gets 403
 * LinkedAuthorizationFailed on every pass.
 */
export const linkedResourceActions: readonly string[] = Object.values(linkedActions);
