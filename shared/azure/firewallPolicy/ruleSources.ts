import { sameArmId } from '../arm/armId';
import { selectGuardedSubnets } from '../../core/drift/guardedSubnets';
import type { ArmClients } from '../arm/armClients';
import { ReadCounter } from '../arm/armRead';
import { listSpokeInventory, subnetPrefixes } from '../network/listSpokeInventory';
import { at } from '../network/firewallFacts';

/** What rule request sources are checked against: the guarded spokes, read live from ARM. */
export interface RuleSourceFacts {
  /** Address spaces of the VNets that hold at least one guarded subnet (the spokes; never the hub). */
  readonly addressSpaces: readonly string[];
  /**
   * The address prefixes of a cluster's node and pod subnets; undefined when the cluster is unknown in the guarded
   * subscriptions, [] when it uses no VNet subnet the app can see (e.g. a managed VNet).
   */
  clusterPrefixes(clusterId: string): readonly string[] | undefined;
}

export interface RuleSourceSettings {
  readonly guardedSubscriptionIds: readonly string[];
  readonly aksSubnetPatterns: string[];
}

/** Paged list calls per guarded subscription (VNets with inline subnets, clusters), never a GET per subnet. */
export async function readRuleSourceFacts(clients: ArmClients, settings: RuleSourceSettings): Promise<RuleSourceFacts> {
  const { vnets, clusters: clusterFacts } = await listSpokeInventory(clients, settings.guardedSubscriptionIds, new ReadCounter());
  const guarded = selectGuardedSubnets(vnets, clusterFacts, settings);
  const spokes = vnets.filter((vnet) => guarded.some((subnet) => sameArmId(subnet.vnetId, vnet.id)));
  const addressSpaces = spokes.flatMap((vnet) => stringsAt(vnet, 'properties', 'addressSpace', 'addressPrefixes'));
  const subnets = vnets.flatMap((vnet) => vnet.properties?.subnets ?? []);
  return {
    addressSpaces,
    clusterPrefixes(clusterId) {
      const cluster = clusterFacts.find((candidate) => sameArmId(candidate.id, clusterId));
      if (!cluster) return undefined;
      return cluster.subnetIds.flatMap((subnetId) => {
        const subnet = subnets.find((candidate) => sameArmId(candidate.id, subnetId));
        return subnet ? subnetPrefixes(subnet) : [];
      });
    },
  };
}

function stringsAt(value: unknown, ...path: string[]): string[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? found.filter((item): item is string => typeof item === 'string') : [];
}
