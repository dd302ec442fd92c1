import { sameArmId } from '../core/drift/armId';
import { effectiveMode } from '../core/drift/effectiveMode';
import { evaluate } from '../core/drift/evaluate';
import { selectGuardedSubnets, type GuardReason } from '../core/drift/guardedSubnets';
import { ownedRouteTableIdFor } from '../core/drift/ownedRouteTable';
import { plan } from '../core/drift/plan';
import type { DriftPolicy, EffectiveMode, Finding, ObservedSubnet } from '../core/drift/types';
import type { Write } from '../core/drift/writes';
import { clustersBySubnet } from '../azure/network/listSpokeInventory';
import { firewallForRegion } from '../azure/network/readFirewalls';
import type { EstateSnapshot } from './estate';

/**
 * THE one place the audit calls into the drift core (observe -> evaluate -> plan, as the sweep does), so the core's
 * entry point can change without touching the rest of the audit: everything else only sees `EvaluatedSubnet`.
 *
 * The observation is assembled from the snapshot exactly as observeSweep assembles it from its list calls (same core
 * helpers: guarded subnets, owned table id, effective mode, the region's firewall, the subnet's clusters).
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

  return guarded.flatMap(({ subnetId, vnetId, reason }) => {
    const vnet = vnetsById.get(vnetId.toLowerCase());
    const subnet = vnet?.properties?.subnets?.find((candidate) => sameArmId(candidate.id, subnetId));
    if (vnet === undefined || subnet === undefined) return [];
    const ownedRouteTableId = ownedRouteTableIdFor(vnet, policy, sharedTables);
    const associatedId = subnet.properties?.routeTable?.id;
    const observed: ObservedSubnet = {
      subnet,
      vnet,
      associatedRouteTable: tableById(associatedId),
      ownedRouteTableId,
      ownedRouteTable: tableById(ownedRouteTableId),
      firewall: firewallForRegion(estate.firewalls, vnet.location),
      clusters: clustersOfSubnet.get(subnetId.toLowerCase()) ?? [],
      mode: effectiveMode(vnet.tags, policy.mode, now),
    };
    const findings = evaluate(observed, policy);
    // plan() writes nothing outside enforce: ask it what enforce would do, unless the VNet is exempt.
    const asEnforced: ObservedSubnet = observed.mode.mode === 'audit' ? { ...observed, mode: { ...observed.mode, mode: 'enforce' } } : observed;
    const plannedWrites = findings.length === 0 ? [] : plan(asEnforced, findings, policy);
    return [
      {
        subnetId: subnet.id,
        subnetName: subnet.name,
        vnetId: vnet.id,
        vnetName: vnet.name,
        location: vnet.location,
        guardReason: reason,
        mode: observed.mode,
        findings,
        plannedWrites,
        associatedRouteTableId: associatedId,
        associatedRouteTableFound: observed.associatedRouteTable !== undefined,
        associatedRouteTableTags: observed.associatedRouteTable?.tags,
        ownedRouteTableId,
      },
    ];
  });
}
