import { parseArmId, sameArmId } from '../../core/drift/armId';
import type { ArmRouteTable, ArmSubnet, ArmVirtualNetwork } from '../../core/drift/armJson';
import { effectiveMode } from '../../core/drift/effectiveMode';
import { ownedRouteTableIdFor } from '../../core/drift/ownedRouteTable';
import type { ObservedSubnet } from '../../core/drift/types';
import type { ArmClients } from '../armClients';
import { getRaw, ReadCounter } from './armRead';
import { firewallForRegion } from './readFirewalls';
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
  const subnet = await getRaw<ArmSubnet>(counter, () => network.subnets.get(id.resourceGroup, vnetName, subnetName));
  const vnet = subnet && (await getRaw<ArmVirtualNetwork>(counter, () => network.virtualNetworks.get(id.resourceGroup, vnetName)));
  if (subnet === undefined || vnet === undefined) return { observed: undefined, armReads: counter.count };

  // Every table read once per observation, by folded id (undefined: it does not exist).
  const tables = new Map<string, ArmRouteTable | undefined>();
  const readTable = async (tableId: string) => {
    const key = tableId.toLowerCase();
    if (!tables.has(key)) tables.set(key, await getRouteTable(clients, counter, tableId));
    return tables.get(key);
  };
  const associatedId = subnet.properties?.routeTable?.id;
  const associatedRouteTable = associatedId === undefined ? undefined : await readTable(associatedId);
  const sharedTables: ArmRouteTable[] = [];
  if (settings.routeTableStrategy === 'shared') {
    for (const sharedId of settings.sharedRouteTableIds ?? []) {
      // A missing shared table still counts for its VNet's region, so its absence is reported, not ignored.
      sharedTables.push((await readTable(sharedId)) ?? { id: sharedId, name: sharedId.split('/').pop() ?? '', location: vnet.location });
    }
  }
  const ownedRouteTableId = ownedRouteTableIdFor(vnet, settings, sharedTables);
  const ownedRouteTable = ownedRouteTableId === undefined ? undefined : await readTable(ownedRouteTableId);

  const facts = shared ?? createSharedFacts(clients, settings.firewallResourceIds, Date.now, 0);
  const firewalls = await facts.firewalls(counter);
  const clusters = (await facts.clusters(id.subscriptionId, counter)).filter((cluster) => cluster.subnetIds.some((used) => sameArmId(used, subnet.id)));

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
    },
    armReads: counter.count,
  };
}

