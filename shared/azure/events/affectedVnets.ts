import { parentArmId, parseArmId, type ArmIdParts } from '../arm/armId';
import type { ArmRouteTable, JsonObject } from '../arm/armJson';
import type { ResourceChange } from '../../core/events/resourceEvent';
import type { ArmClients } from '../arm/armClients';
import { getRaw, ReadCounter } from '../arm/armRead';
import { toClusterFacts } from '../network/clusterFacts';

export interface AffectedVnets {
  /** VNet ids, each once (folded case), in first-seen order. */
  readonly vnetIds: readonly string[];
  /** Why the list is empty or what it was derived from, for the trigger's log line. */
  readonly note: string;
  readonly armReads: number;
}

/** The VNet ids of subnet ids, each once; ids that are not subnet ids are skipped. */
export function vnetsOfSubnets(subnetIds: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const subnetId of subnetIds) {
    if (!/\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(subnetId)) continue;
    const vnetId = parentArmId(subnetId);
    if (!seen.has(vnetId.toLowerCase())) seen.set(vnetId.toLowerCase(), vnetId);
  }
  return [...seen.values()];
}

/**
 * Which VNets an ARM change can have broken (controller-runtime style: the event only names a resource; the VNet's
 * state is re-read by its reconcile). A VNet and its subnets are one etag family and one reconcile: subnet -> its
 * VNet; route table or route -> the VNets of the subnets using the table; cluster or agent pool -> the VNets of its
 * subnets. One GET at most; a resource that is gone, or an id that is not an ARM id of its kind, yields no VNet.
 */
export async function affectedVnets(change: ResourceChange, clients: ArmClients): Promise<AffectedVnets> {
  const counter = new ReadCounter();
  const done = (vnetIds: string[], note: string): AffectedVnets => ({ vnetIds, note, armReads: counter.count });
  let id: ArmIdParts;
  try {
    id = parseArmId(change.resourceId);
  } catch (error) {
    return done([], `not an ARM resource id (${(error as Error).message})`);
  }
  // Firewall, policy, IP group and load balancer changes feed the posture pass, not a VNet reconcile (default below).
  const depth: Partial<Record<ResourceChange['kind'], number>> = { subnet: 2, virtualNetwork: 1, routeTable: 1, route: 2, managedCluster: 1, agentPool: 2 };
  if (depth[change.kind] !== undefined && id.segments.length !== depth[change.kind]) return done([], `${change.resourceId} is not a ${change.kind} id`);
  switch (change.kind) {
    case 'subnet':
      // A deleted subnet changes nothing for its siblings; a written one is reconciled with its VNet.
      return change.change === 'delete' ? done([], 'subnet deleted') : done([parentArmId(change.resourceId)], 'subnet written');
    case 'virtualNetwork':
      return change.change === 'delete' ? done([], 'virtual network deleted') : done([change.resourceId], 'virtual network written');
    case 'routeTable':
    case 'route': {
      // A deleted table cannot have had subnets (ARM refuses InUseRouteTableCannotBeDeleted); a deleted route can.
      if (change.kind === 'routeTable' && change.change === 'delete') return done([], 'route table deleted');
      const tableName = id.segments[0]![1];
      const table = await getRaw<ArmRouteTable>(counter, () => clients.network(id.subscriptionId).routeTables.get(id.resourceGroup, tableName));
      if (!table) return done([], 'route table no longer exists');
      const vnets = vnetsOfSubnets((table.properties?.subnets ?? []).flatMap((subnet) => (typeof subnet.id === 'string' ? [subnet.id] : [])));
      return done(vnets, `VNets of the subnets associated with route table ${tableName}`);
    }
    case 'managedCluster':
    case 'agentPool': {
      if (change.kind === 'managedCluster' && change.change === 'delete') return done([], 'cluster deleted');
      const clusterName = id.segments[0]![1];
      const cluster = await getRaw<JsonObject>(counter, () => clients.containerService(id.subscriptionId).managedClusters.get(id.resourceGroup, clusterName));
      if (!cluster) return done([], 'cluster no longer exists');
      return done(vnetsOfSubnets(toClusterFacts(cluster).subnetIds), `VNets of the subnets used by cluster ${clusterName}`);
    }
    default:
      return done([], `${change.kind} changes are checked by the posture pass`);
  }
}
