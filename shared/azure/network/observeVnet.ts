import { parseArmId, sameArmId } from '../arm/armId';
import type { ArmRouteTable, ArmVirtualNetwork } from '../arm/armJson';
import type { ObservedVnet } from '../../core/drift/decide';
import { effectiveMode } from '../../core/drift/effectiveMode';
import { selectGuardedSubnets } from '../../core/drift/guardedSubnets';
import { ownedRouteTableIdFor } from '../../core/drift/ownedRouteTable';
import type { ObservedSubnet } from '../../core/drift/types';
import type { ArmClients } from '../arm/armClients';
import { getRaw, ReadCounter } from '../arm/armRead';
import { managedResourceGroupIdsOf } from './clusterFacts';
import type { NetworkAdapterSettings } from './networkAdapterSettings';
import { firewallForRegion } from './readFirewalls';
import { createSharedFacts, type SharedFacts } from './sharedFacts';

export async function getRouteTable(clients: ArmClients, counter: ReadCounter, routeTableId: string): Promise<ArmRouteTable | undefined> {
  const id = parseArmId(routeTableId);
  return getRaw<ArmRouteTable>(counter, () => clients.network(id.subscriptionId).routeTables.get(id.resourceGroup, id.segments[0]![1]));
}

/**
 * A fresh read of one VNet for a pass: the VNet with its inline subnets (one GET, the etags every VNet-family write
 * carries), each route table a guarded subnet uses or should use (read once each), and the firewalls and clusters
 * (a few-seconds cache shared by all passes). Independent reads go out together.
 */
export async function observeVnet(
  clients: ArmClients,
  settings: NetworkAdapterSettings,
  vnetId: string,
  now: Date,
  shared?: SharedFacts,
): Promise<{ observed: ObservedVnet | undefined; armReads: number }> {
  const counter = new ReadCounter();
  const id = parseArmId(vnetId);
  const vnetName = id.segments[0]![1];
  const facts = shared ?? createSharedFacts(clients, settings.firewallResourceIds, Date.now, 0);
  const firewallsRead = facts.firewalls(counter);
  const clustersRead = facts.clusters(id.subscriptionId, counter);
  // Awaited below, or not at all when the VNet is gone: a failure then must not surface as an unhandled rejection.
  for (const read of [firewallsRead, clustersRead]) read.catch(() => undefined);
  const vnet = await getRaw<ArmVirtualNetwork>(counter, () => clients.network(id.subscriptionId).virtualNetworks.get(id.resourceGroup, vnetName));
  if (vnet === undefined) return { observed: undefined, armReads: counter.count };
  const clusters = await clustersRead;
  const guarded = selectGuardedSubnets([vnet], clusters, settings);

  const tables = new Map<string, Promise<ArmRouteTable | undefined>>();
  const readTable = (tableId: string) => {
    const key = tableId.toLowerCase();
    let table = tables.get(key);
    if (!table) {
      table = getRouteTable(clients, counter, tableId);
      table.catch(() => undefined); // awaited below
      tables.set(key, table);
    }
    return table;
  };
  const sharedIds = settings.routeTableStrategy === 'shared' ? (settings.sharedRouteTableIds ?? []) : [];
  const sharedTables = await Promise.all(
    sharedIds.map(async (sharedId) => (await readTable(sharedId)) ?? { id: sharedId, name: sharedId.split('/').pop() ?? '', location: vnet.location }),
  );
  const ownedRouteTableId = ownedRouteTableIdFor(vnet, settings, sharedTables);
  const subnets = guarded.flatMap(({ subnetId }) => vnet.properties?.subnets?.filter((subnet) => sameArmId(subnet.id, subnetId)) ?? []);
  const associatedReads = subnets.map((subnet) => (subnet.properties?.routeTable?.id === undefined ? Promise.resolve(undefined) : readTable(subnet.properties.routeTable.id)));
  const [associated, ownedRouteTable, firewalls] = await Promise.all([
    Promise.all(associatedReads),
    ownedRouteTableId === undefined ? undefined : readTable(ownedRouteTableId),
    firewallsRead,
  ]);
  const mode = effectiveMode(vnet.tags, settings.mode, now);
  const managedResourceGroupIds = managedResourceGroupIdsOf(clusters);
  const firewall = firewallForRegion(firewalls, vnet.location);
  const observed: ObservedSubnet[] = subnets.map((subnet, index) => ({
    subnet,
    vnet,
    associatedRouteTable: associated[index],
    ownedRouteTableId,
    ownedRouteTable,
    firewall,
    clusters: clusters.filter((cluster) => cluster.subnetIds.some((used) => sameArmId(used, subnet.id))),
    mode,
    managedResourceGroupIds,
  }));
  return { observed: { vnet, subnets: observed }, armReads: counter.count };
}
