import type { ArmRouteTable, ArmSubnet, ArmVirtualNetwork, JsonObject } from '../arm/armJson';
import type { ClusterFacts } from '../../core/drift/types';
import type { ArmClients } from '../arm/armClients';
import { listRaw, type ReadCounter } from '../arm/armRead';
import { toClusterFacts } from './clusterFacts';

export interface SpokeInventory {
  /** Every VNet of the subscriptions, subnets inline, as ARM returned them. */
  readonly vnets: readonly ArmVirtualNetwork[];
  readonly clusters: readonly ClusterFacts[];
  /** The managed clusters as ARM returned them (the egress report reads location and properties.fqdn). */
  readonly clusterResources: readonly JsonObject[];
  /** Only when asked for (`withRouteTables`): the sweep needs them, the report and rule requests do not. */
  readonly routeTables: readonly ArmRouteTable[];
}

/**
 * The network estate of the guarded subscriptions in paged list calls (VNets with inline subnets, AKS clusters and,
 * if asked, route tables): a few pages per subscription, never a GET per subnet. Shared by the sweep, the egress
 * report (source IP -> subnet -> cluster) and rule requests (allowed source ranges).
 */
export async function listSpokeInventory(
  clients: ArmClients,
  subscriptionIds: readonly string[],
  counter: ReadCounter,
  options: { readonly withRouteTables?: boolean } = {},
): Promise<SpokeInventory> {
  const vnets: ArmVirtualNetwork[] = [];
  const routeTables: ArmRouteTable[] = [];
  const clusters: JsonObject[] = [];
  for (const subscriptionId of subscriptionIds) {
    const network = clients.network(subscriptionId);
    vnets.push(...(await listRaw<ArmVirtualNetwork>(counter, () => network.virtualNetworks.listAll())));
    if (options.withRouteTables) routeTables.push(...(await listRaw<ArmRouteTable>(counter, () => network.routeTables.listAll())));
    clusters.push(...(await listRaw<JsonObject>(counter, () => clients.containerService(subscriptionId).managedClusters.list())));
  }
  return { vnets, routeTables, clusters: clusters.map(toClusterFacts), clusterResources: clusters };
}

/** A subnet's address prefixes, whether ARM gave `addressPrefix` or `addressPrefixes`, without duplicates. */
export function subnetPrefixes(subnet: ArmSubnet): string[] {
  const properties = subnet.properties as { addressPrefix?: unknown; addressPrefixes?: unknown } | undefined;
  const many = Array.isArray(properties?.addressPrefixes) ? properties.addressPrefixes : [];
  return [...new Set([properties?.addressPrefix, ...many].filter((prefix): prefix is string => typeof prefix === 'string' && prefix !== ''))];
}

/** Clusters by the (lower-cased) id of each subnet their agent pools use: one pass, for lookups per subnet. */
export function clustersBySubnet(clusters: readonly ClusterFacts[]): Map<string, ClusterFacts[]> {
  const bySubnet = new Map<string, ClusterFacts[]>();
  for (const cluster of clusters) {
    for (const subnetId of new Set(cluster.subnetIds.map((id) => id.toLowerCase()))) {
      const list = bySubnet.get(subnetId);
      if (list) list.push(cluster);
      else bySubnet.set(subnetId, [cluster]);
    }
  }
  return bySubnet;
}
