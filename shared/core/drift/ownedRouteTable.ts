import { parseArmId, routeTableArmId } from '../../azure/arm/armId';
import type { ArmRouteTable, ArmVirtualNetwork } from '../../azure/arm/armJson';
import type { DriftPolicy } from './types';

/**
 * Where the table the app owns for a VNet lives. per-vnet: the pattern's name in the VNet's resource group.
 * shared: the configured table in the VNet's region (`sharedTables` are those tables as read; a subnet can only
 * use a table of its own region and subscription).
 */
export function ownedRouteTableIdFor(
  vnet: ArmVirtualNetwork,
  policy: Pick<DriftPolicy, 'routeTableStrategy' | 'routeTableNamePattern'>,
  sharedTables: readonly ArmRouteTable[] = [],
): string | undefined {
  if (policy.routeTableStrategy === 'shared') {
    const region = normalizeRegion(vnet.location);
    const subscription = parseArmId(vnet.id).subscriptionId.toLowerCase();
    return sharedTables.find(
      (table) => normalizeRegion(table.location) === region && parseArmId(table.id).subscriptionId.toLowerCase() === subscription,
    )?.id;
  }
  const { subscriptionId, resourceGroup } = parseArmId(vnet.id);
  const name = policy.routeTableNamePattern.replaceAll('{vnet}', vnet.name).replaceAll('{region}', normalizeRegion(vnet.location));
  return routeTableArmId(subscriptionId, resourceGroup, name);
}

/** ARM returns `westeurope`, people write `West Europe`. */
export function normalizeRegion(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
