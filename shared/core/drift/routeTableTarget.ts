import { parseArmId, sameArmId } from '../../azure/arm/armId';
import type { ArmRoute, ArmRouteTable } from '../../azure/arm/armJson';
import { modeTag } from './effectiveMode';
import { bypassReason, defaultPrefix, normalizePrefix, pointsToFirewall, routesOf, routeWithPrefix } from './routes';
import { managedByTag } from './toUpdateBodies';
import type { ClusterFacts, DriftPolicy, ObservedSubnet } from './types';
import ipaddr from 'ipaddr.js';

/** What enforce does with a non-compliant table the guard does not own (FOREIGN_ROUTE_TABLE_ACTION, narrowed per table). */
export type ForeignTableAction = 'repair-in-place' | 'report' | 'swap';

/**
 * The table whose routes decide the subnet's egress and that the guard checks (and, when `writable`, repairs):
 * - the subnet's own table when the guard owns it, or when it is someone else's and is either compliant (adopted)
 *   or repaired in place / only reported;
 * - the guard's table when the subnet has none or it is swapped (FOREIGN_ROUTE_TABLE_ACTION=swap).
 */
export interface RouteTableTarget {
  /** undefined: the guard's table does not exist yet (it is created complete) or none is configured. */
  readonly table: ArmRouteTable | undefined;
  readonly ownedByGuard: boolean;
  /** Whether a compliant repair may write into `table`; false with `readOnlyBecause` saying why. */
  readonly writable: boolean;
  readonly readOnlyBecause?: string;
  /** For a foreign table: what enforce does with it. */
  readonly foreignAction?: ForeignTableAction;
}

/** Kubenet's default pod range when networkProfile.podCidr is absent (AKS documentation, kubenet). */
const kubenetDefaultPodCidr = '10.244.0.0/16';

const tagValue = (tags: Readonly<Record<string, string>> | undefined, key: string) =>
  Object.entries(tags ?? {}).find(([name]) => name.toLowerCase() === key)?.[1]?.trim().toLowerCase();

/** A table the guard made (per-VNet or shared) or marked as its own. */
export function isOwnedByGuard(table: ArmRouteTable, observed: Pick<ObservedSubnet, 'ownedRouteTableId'>): boolean {
  return sameArmId(table.id, observed.ownedRouteTableId) || tagValue(table.tags, managedByTag) === 'true';
}

export function kubenetClusters(observed: Pick<ObservedSubnet, 'clusters'>): ClusterFacts[] {
  return observed.clusters.filter((cluster) => cluster.networkPlugin?.toLowerCase() === 'kubenet');
}

/** The resource group id of a resource id, lower-cased (`/subscriptions/s/resourcegroups/rg`). */
export function resourceGroupIdOf(resourceId: string): string | undefined {
  try {
    const { subscriptionId, resourceGroup } = parseArmId(resourceId);
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The AKS node resource group holding `resourceId`, or undefined: AKS manages those resources, the guard never writes them. */
export function managedResourceGroupOf(resourceId: string, observed: Pick<ObservedSubnet, 'managedResourceGroupIds'>): string | undefined {
  const group = resourceGroupIdOf(resourceId);
  return group === undefined ? undefined : observed.managedResourceGroupIds?.find((managed) => managed.toLowerCase() === group);
}

/** AKS's own kubenet routes: pod CIDR -> VirtualAppliance -> node IP. Never bypass routes, never deleted. */
export function isPodRoute(route: ArmRoute, observed: Pick<ObservedSubnet, 'clusters'>): boolean {
  if (route.properties.nextHopType.toLowerCase() !== 'virtualappliance') return false;
  const prefix = normalizePrefix(route.properties.addressPrefix);
  if (prefix === defaultPrefix) return false;
  return kubenetClusters(observed).some((cluster) => cidrWithin(prefix, cluster.podCidr ?? kubenetDefaultPodCidr));
}

function cidrWithin(inner: string, outer: string): boolean {
  try {
    const [address, length] = ipaddr.parseCIDR(inner);
    const range = ipaddr.parseCIDR(outer);
    return address.kind() === range[0].kind() && length >= range[1] && address.match(range);
  } catch {
    return false;
  }
}

/** What Microsoft's guide asks of the table the subnet uses: default route to the firewall, BGP off, no bypass. */
export function tableIsCompliant(table: ArmRouteTable, observed: ObservedSubnet): boolean {
  const firewallIp = observed.firewall?.privateIp;
  if (firewallIp === undefined) return false;
  const defaultRoute = routeWithPrefix(table, defaultPrefix);
  if (defaultRoute === undefined || !pointsToFirewall(defaultRoute, firewallIp)) return false;
  if (table.properties?.disableBgpRoutePropagation !== true) return false;
  return !routesOf(table).some((route) => !isPodRoute(route, observed) && bypassReason(route, observed.firewall) !== undefined);
}

/** Why a foreign table may not be written whatever the setting says, or undefined. */
function foreignReadOnlyReason(table: ArmRouteTable, observed: ObservedSubnet): string | undefined {
  const tableMode = tagValue(table.tags, modeTag);
  if (tableMode === 'audit' || tableMode === 'exempt') return `route table ${table.name} is tagged ${modeTag}=${tableMode}`;
  const managed = managedResourceGroupOf(table.id, observed);
  if (managed !== undefined) return `route table ${table.name} is in the AKS node resource group ${managed.split('/').pop()}, which AKS manages`;
  return undefined;
}

/** What enforce does with the subnet's foreign table: the setting, except that kubenet tables are never swapped. */
export function foreignTableActionFor(observed: ObservedSubnet, policy: Pick<DriftPolicy, 'foreignRouteTableAction'>): ForeignTableAction {
  const configured = policy.foreignRouteTableAction ?? 'repair-in-place';
  // AKS keeps writing pod routes into the table a kubenet cluster was created with, and that table cannot be
  // changed after creation: a swap would break pod-to-pod traffic across nodes.
  if (configured === 'swap' && kubenetClusters(observed).length > 0) return 'repair-in-place';
  return configured;
}

export function routeTableTarget(observed: ObservedSubnet, policy: Pick<DriftPolicy, 'foreignRouteTableAction'>): RouteTableTarget {
  const associated = observed.associatedRouteTable;
  const ownedTarget: RouteTableTarget = { table: observed.ownedRouteTable, ownedByGuard: true, writable: true };
  if (associated === undefined) return ownedTarget;
  if (isOwnedByGuard(associated, observed)) return { table: associated, ownedByGuard: true, writable: true };
  if (tableIsCompliant(associated, observed)) return { table: associated, ownedByGuard: false, writable: false, readOnlyBecause: 'adopted as is' };
  const readOnly = foreignReadOnlyReason(associated, observed);
  if (readOnly !== undefined) return { table: associated, ownedByGuard: false, writable: false, readOnlyBecause: readOnly, foreignAction: 'report' };
  const action = foreignTableActionFor(observed, policy);
  if (action === 'swap') return { ...ownedTarget, foreignAction: 'swap' };
  if (action === 'report') {
    return { table: associated, ownedByGuard: false, writable: false, readOnlyBecause: 'FOREIGN_ROUTE_TABLE_ACTION=report', foreignAction: 'report' };
  }
  return { table: associated, ownedByGuard: false, writable: true, foreignAction: 'repair-in-place' };
}

/** The route table a compliance record names: which one the subnet uses and whether the guard owns it. */
export interface RouteTableUse {
  readonly id: string;
  readonly ownedByGuard: boolean;
  /** Someone else's table that is compliant: the guard adopted it and writes nothing. */
  readonly adopted: boolean;
}

export function routeTableUseOf(observed: ObservedSubnet): RouteTableUse | undefined {
  const table = observed.associatedRouteTable;
  if (table === undefined) return undefined;
  const ownedByGuard = isOwnedByGuard(table, observed);
  return { id: table.id, ownedByGuard, adopted: !ownedByGuard && tableIsCompliant(table, observed) };
}

/** Why a finding in a table the guard may not write is only reported (empty when it may). */
export function notRepairedBecause(target: RouteTableTarget): string {
  return target.writable ? '' : ` Not repaired: ${target.readOnlyBecause ?? 'the table is read-only for the guard'}.`;
}
