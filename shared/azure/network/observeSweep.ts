import { sameArmId } from '../arm/armId';
import { effectiveMode } from '../../core/drift/effectiveMode';
import { selectGuardedSubnets, type GuardedSubnet } from '../../core/drift/guardedSubnets';
import { ownedRouteTableIdFor } from '../../core/drift/ownedRouteTable';
import type { ObservedSubnet } from '../../core/drift/types';
import type { ArmClients } from '../arm/armClients';
import { ReadCounter } from '../arm/armRead';
import { clustersBySubnet, listSpokeInventory } from './listSpokeInventory';
import { managedResourceGroupIdsOf } from './clusterFacts';
import type { NetworkAdapterSettings } from './networkAdapterSettings';
import { firewallForRegion, readFirewalls } from './readFirewalls';

export interface SweepObservation {
  readonly guarded: readonly GuardedSubnet[];
  readonly observed: readonly ObservedSubnet[];
  readonly armReads: number;
}

/**
 * Bulk observation for the periodic sweep: paged list calls per subscription (VNets with inline subnets, route
 * tables, clusters) plus the few configured firewalls, never a GET per subnet. Writes still go through
 * reconcileVnet, which re-reads the VNet for fresh etags.
 */
export async function observeSweep(clients: ArmClients, settings: NetworkAdapterSettings, now: Date): Promise<SweepObservation> {
  const counter = new ReadCounter();
  const { vnets, routeTables: tables, clusters: clusterFacts } = await listSpokeInventory(clients, settings.guardedSubscriptionIds, counter, { withRouteTables: true });
  const firewalls = await readFirewalls(clients, counter, settings.firewallResourceIds);
  const guarded = selectGuardedSubnets(vnets, clusterFacts, settings);
  // Lookups by folded id: 10,000 subnets x thousands of tables/VNets must not be a nested scan.
  const tablesById = new Map(tables.map((table) => [table.id.toLowerCase(), table]));
  const tableById = (id: string | undefined) => (id === undefined ? undefined : tablesById.get(id.toLowerCase()));
  const vnetsById = new Map(vnets.map((vnet) => [vnet.id.toLowerCase(), vnet]));
  const clustersOfSubnet = clustersBySubnet(clusterFacts);
  const managedResourceGroupIds = managedResourceGroupIdsOf(clusterFacts);
  const sharedTables = (settings.sharedRouteTableIds ?? []).flatMap((id) => tableById(id) ?? []);

  const observed = guarded.flatMap(({ subnetId, vnetId }) => {
    const vnet = vnetsById.get(vnetId.toLowerCase());
    const subnet = vnet?.properties?.subnets?.find((candidate) => sameArmId(candidate.id, subnetId));
    if (vnet === undefined || subnet === undefined) return [];
    const ownedRouteTableId = ownedRouteTableIdFor(vnet, settings, sharedTables);
    return [
      {
        subnet,
        vnet,
        associatedRouteTable: tableById(subnet.properties?.routeTable?.id),
        ownedRouteTableId,
        ownedRouteTable: tableById(ownedRouteTableId),
        firewall: firewallForRegion(firewalls, vnet.location),
        clusters: clustersOfSubnet.get(subnetId.toLowerCase()) ?? [],
        mode: effectiveMode(vnet.tags, settings.mode, now),
        managedResourceGroupIds,
      },
    ];
  });
  return { guarded, observed, armReads: counter.count };
}
