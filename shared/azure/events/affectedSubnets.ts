import { parseArmId } from '../../core/drift/armId';
import type { ArmRouteTable, ArmVirtualNetwork, JsonObject } from '../../core/drift/armJson';
import type { ResourceChange } from '../../core/events/resourceEvent';
import type { ArmClients } from '../armClients';
import { getRaw, ReadCounter } from '../network/armRead';
import { toClusterFacts } from '../network/clusterFacts';

export interface AffectedSubnets {
  readonly subnetIds: readonly string[];
  /** Why the list is empty or what it was derived from, for the trigger's log line. */
  readonly note: string;
  readonly armReads: number;
}

/**
 * Which subnets an ARM change can have broken (controller-runtime style: the event only names a resource; the
 * subnets' state is re-read by their reconcile). One GET at most; a resource that is gone yields no subnets.
 */
export async function affectedSubnets(change: ResourceChange, clients: ArmClients): Promise<AffectedSubnets> {
  const counter = new ReadCounter();
  const done = (subnetIds: string[], note: string): AffectedSubnets => ({ subnetIds, note, armReads: counter.count });
  const id = parseArmId(change.resourceId);
  switch (change.kind) {
    case 'subnet':
      // A deleted subnet needs nothing; a written one is reconciled from a fresh read.
      return change.change === 'delete' ? done([], 'subnet deleted') : done([change.resourceId], 'subnet written');
    case 'virtualNetwork': {
      if (change.change === 'delete') return done([], 'virtual network deleted');
      const vnet = await getRaw<ArmVirtualNetwork>(counter, () => clients.network(id.subscriptionId).virtualNetworks.get(id.resourceGroup, id.segments[0]![1]));
      if (!vnet) return done([], 'virtual network no longer exists');
      const subnets = (vnet.properties?.subnets ?? []).flatMap((subnet) => (typeof subnet.id === 'string' ? [subnet.id] : []));
      return done(subnets, `all ${subnets.length} subnets of the virtual network (DNS or inline subnets may have changed)`);
    }
    case 'routeTable':
    case 'route': {
      // A deleted table cannot have had subnets (ARM refuses InUseRouteTableCannotBeDeleted); a deleted route can.
      if (change.kind === 'routeTable' && change.change === 'delete') return done([], 'route table deleted');
      const tableName = id.segments[0]![1];
      const table = await getRaw<ArmRouteTable>(counter, () => clients.network(id.subscriptionId).routeTables.get(id.resourceGroup, tableName));
      if (!table) return done([], 'route table no longer exists');
      const subnets = (table.properties?.subnets ?? []).flatMap((subnet) => (typeof subnet.id === 'string' ? [subnet.id] : []));
      return done(subnets, `subnets associated with route table ${tableName}`);
    }
    case 'managedCluster':
    case 'agentPool': {
      if (change.kind === 'managedCluster' && change.change === 'delete') return done([], 'cluster deleted');
      const clusterName = id.segments[0]![1];
      const cluster = await getRaw<JsonObject>(counter, () => clients.containerService(id.subscriptionId).managedClusters.get(id.resourceGroup, clusterName));
      if (!cluster) return done([], 'cluster no longer exists');
      const subnets = [...new Set(toClusterFacts(cluster).subnetIds.map((subnetId) => subnetId))];
      return done(subnets, `subnets used by cluster ${clusterName}`);
    }
    default:
      // Firewall, policy, IP group and load balancer changes feed the posture pass, not a subnet reconcile.
      return done([], `${change.kind} changes are checked by the posture pass`);
  }
}
