import { sameArmId } from '../azure/arm/armId';
import { effectiveMode } from '../core/drift/effectiveMode';
import { decide, type ObservedVnet } from '../core/drift/decide';
import { selectGuardedSubnets, type GuardReason } from '../core/drift/guardedSubnets';
import { ownedRouteTableIdFor } from '../core/drift/ownedRouteTable';
import type { DriftPolicy, EffectiveMode, Finding, ObservedSubnet } from '../core/drift/types';
import type { Write } from '../core/drift/writes';
import { managedResourceGroupIdsOf } from '../azure/network/clusterFacts';
import { clustersBySubnet } from '../azure/network/listSpokeInventory';
import { firewallForRegion } from '../azure/network/readFirewalls';
import type { EstateSnapshot } from './estate';

/**
 * THE one place the audit calls into the drift core: the pure `decide(observedVnet, policy)` a reconcile pass runs,
 * once per VNet, so the planned writes are exactly the VNet's plan (sibling associations in one VNet PUT, a foreign
 * table repaired in place). Everything else in the audit only sees `EvaluatedSubnet`.
 *
 * The observation is assembled from the snapshot as observeVnet/observeSweep assemble it from their reads (same core
 * helpers: guarded subnets, owned table id, effective mode, the region's firewall, the subnet's clusters, the AKS
 * node resource groups the guard never writes).
 */
export interface EvaluatedSubnet {
  readonly subnetId: string;
  readonly subnetName: string;
  readonly vnetId: string;
  readonly vnetName: string;
  readonly location: string;
  readonly guardReason: GuardReason;
  readonly mode: EffectiveMode;
  readonly findings: readonly Finding[];
  /** What enforce would write for this subnet (computed as if its mode were enforce, except for exempt VNets). */
  readonly plannedWrites: readonly Write[];
  /** The table the subnet references now (undefined: none). */
  readonly associatedRouteTableId: string | undefined;
  /** The table is in the snapshot (false also when the subnet references none). */
  readonly associatedRouteTableFound: boolean;
  readonly associatedRouteTableTags: Readonly<Record<string, string>> | undefined;
  /** Where the guard's own table for this subnet is or would be. */
  readonly ownedRouteTableId: string | undefined;
}

export function evaluateEstate(estate: EstateSnapshot, policy: DriftPolicy, now: Date): EvaluatedSubnet[] {
  const guarded = selectGuardedSubnets(estate.vnets, estate.clusters, policy);
  // Lookups by folded id: 10,000 subnets x thousands of tables/VNets must not be a nested scan.
  const tablesById = new Map(estate.routeTables.map((table) => [table.id.toLowerCase(), table]));
  const tableById = (id: string | undefined) => (id === undefined ? undefined : tablesById.get(id.toLowerCase()));
  const vnetsById = new Map(estate.vnets.map((vnet) => [vnet.id.toLowerCase(), vnet]));
  const clustersOfSubnet = clustersBySubnet(estate.clusters);
  const sharedTables = (policy.sharedRouteTableIds ?? []).flatMap((id) => tableById(id) ?? []);

  const managedResourceGroupIds = managedResourceGroupIdsOf(estate.clusters);

  // Group the guarded subnets by VNet (first-seen order): a VNet is the unit decide() plans for.
  const byVnet = new Map<string, { vnetId: string; subnets: { subnetId: string; reason: GuardReason }[] }>();
  for (const { subnetId, vnetId, reason } of guarded) {
    const key = vnetId.toLowerCase();
    const entry = byVnet.get(key) ?? { vnetId, subnets: [] };
    entry.subnets.push({ subnetId, reason });
    byVnet.set(key, entry);
  }

  return [...byVnet.values()].flatMap(({ vnetId, subnets }) => {
    const vnet = vnetsById.get(vnetId.toLowerCase());
    if (vnet === undefined) return [];
    const ownedRouteTableId = ownedRouteTableIdFor(vnet, policy, sharedTables);
    const mode = effectiveMode(vnet.tags, policy.mode, now);
    const firewall = firewallForRegion(estate.firewalls, vnet.location);
    const observedSubnets = subnets.flatMap(({ subnetId, reason }) => {
      const subnet = vnet.properties?.subnets?.find((candidate) => sameArmId(candidate.id, subnetId));
      if (subnet === undefined) return [];
      const observed: ObservedSubnet = {
        subnet,
        vnet,
        associatedRouteTable: tableById(subnet.properties?.routeTable?.id),
        ownedRouteTableId,
        ownedRouteTable: tableById(ownedRouteTableId),
        firewall,
        clusters: clustersOfSubnet.get(subnetId.toLowerCase()) ?? [],
        mode,
        managedResourceGroupIds,
      };
      return [{ observed, reason }];
    });
    if (observedSubnets.length === 0) return [];
    // decide() plans nothing outside enforce: ask it what enforce would do, unless the VNet is exempt.
    const asEnforced = (observed: ObservedSubnet): ObservedSubnet => (observed.mode.mode === 'audit' ? { ...observed, mode: { ...observed.mode, mode: 'enforce' } } : observed);
    const observedVnet: ObservedVnet = { vnet, subnets: observedSubnets.map(({ observed }) => asEnforced(observed)) };
    const decision = decide(observedVnet, policy);
    return observedSubnets.map(({ observed, reason }) => {
      const { subnet } = observed;
      const verdict = decision.subnets.find((candidate) => sameArmId(candidate.subnetId, subnet.id));
      const associatedId = subnet.properties?.routeTable?.id;
      return {
        subnetId: subnet.id,
        subnetName: subnet.name,
        vnetId: vnet.id,
        vnetName: vnet.name,
        location: vnet.location,
        guardReason: reason,
        mode: observed.mode,
        findings: verdict?.findings ?? [],
        plannedWrites: decision.writes.filter((planned) => planned.subnetIds.some((id) => sameArmId(id, subnet.id))).map((planned) => planned.write),
        associatedRouteTableId: associatedId,
        associatedRouteTableFound: observed.associatedRouteTable !== undefined,
        associatedRouteTableTags: observed.associatedRouteTable?.tags,
        ownedRouteTableId,
      };
    });
  });
}
