import { parseArmId, sameArmId } from '../../core/drift/armId';
import type { ArmRouteTable, ArmSubnet, ArmVirtualNetwork } from '../../core/drift/armJson';
import { effectiveMode } from '../../core/drift/effectiveMode';
import { ownedRouteTableIdFor } from '../../core/drift/ownedRouteTable';
import type { ObservedSubnet } from '../../core/drift/types';
import type { ArmClients } from '../armClients';
import { getRaw, ReadCounter } from './armRead';
import { firewallForRegion } from './readFirewalls';
import { managedResourceGroupIdsOf } from './clusterFacts';
import { createSharedFacts, type SharedFacts } from './sharedFacts';
import type { NetworkAdapterSettings } from './networkAdapterSettings';

export async function getRouteTable(clients: ArmClients, counter: ReadCounter, routeTableId: string): Promise<ArmRouteTable | undefined> {
  const id = parseArmId(routeTableId);
  return getRaw<ArmRouteTable>(counter, () => clients.network(id.subscriptionId).routeTables.get(id.resourceGroup, id.segments[0]![1]));
}

/** A fresh read of one subnet and everything its evaluation needs (event path: GETs, one cluster list). */
export async function observeSubnet(
  clients: ArmClients,
  settings: NetworkAdapterSettings,
  subnetId: string,
  now: Date,
  shared?: SharedFacts,
): Promise<{ observed: ObservedSubnet | undefined; armReads: number }> {
  const counter = new ReadCounter();
  const id = parseArmId(subnetId);
  const [[, vnetName], [, subnetName]] = id.segments as [[string, string], [string, string]];
  const network = clients.network(id.subscriptionId);
  const facts = shared ?? createSharedFacts(clients, settings.firewallResourceIds, Date.now, 0);
  // Independent reads go out together: an observation costs the longest chain (subnet -> its table), not the sum.
  const firewallsRead = facts.firewalls(counter);
  const clustersRead = facts.clusters(id.subscriptionId, counter);
  // Awaited below, or not at all when the subnet is gone: a failure then must not surface as an unhandled rejection.
  for (const read of [firewallsRead, clustersRead]) read.catch(() => undefined);
  const [subnet, vnet] = await Promise.all([
    getRaw<ArmSubnet>(counter, () => network.subnets.get(id.resourceGroup, vnetName, subnetName)),
    getRaw<ArmVirtualNetwork>(counter, () => network.virtualNetworks.get(id.resourceGroup, vnetName)),
  ]);
  if (subnet === undefined || vnet === undefined) return { observed: undefined, armReads: counter.count };

  // Every table read once per observation, by folded id (undefined: it does not exist).
  const tables = new Map<string, Promise<ArmRouteTable | undefined>>();
  const readTable = (tableId: string) => {
    const key = tableId.toLowerCase();
    let table = tables.get(key);
    if (!table) {
      table = getRouteTable(clients, counter, tableId);
      table.catch(() => undefined); // awaited below; see the shared reads above
      tables.set(key, table);
    }
    return table;
  };
  const associatedId = subnet.properties?.routeTable?.id;
  const associatedRead = associatedId === undefined ? Promise.resolve(undefined) : readTable(associatedId);
  const sharedIds = settings.routeTableStrategy === 'shared' ? (settings.sharedRouteTableIds ?? []) : [];
  // A missing shared table still counts for its VNet's region, so its absence is reported, not ignored.
  const sharedTables = await Promise.all(
    sharedIds.map(async (sharedId) => (await readTable(sharedId)) ?? { id: sharedId, name: sharedId.split('/').pop() ?? '', location: vnet.location }),
  );
  const ownedRouteTableId = ownedRouteTableIdFor(vnet, settings, sharedTables);
  const [associatedRouteTable, ownedRouteTable, firewalls, subscriptionClusters] = await Promise.all([
    associatedRead,
    ownedRouteTableId === undefined ? undefined : readTable(ownedRouteTableId),
    firewallsRead,
    clustersRead,
  ]);
  const clusters = subscriptionClusters.filter((cluster) => cluster.subnetIds.some((used) => sameArmId(used, subnet.id)));

  return {
    observed: {
      subnet,
      vnet,
      associatedRouteTable,
      ownedRouteTableId,
      ownedRouteTable,
      firewall: firewallForRegion(firewalls, vnet.location),
      clusters,
      mode: effectiveMode(vnet.tags, settings.mode, now),
      managedResourceGroupIds: managedResourceGroupIdsOf(subscriptionClusters),
    },
    armReads: counter.count,
  };
}

