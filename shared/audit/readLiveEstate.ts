import { sameArmId } from '../azure/arm/armId';
import type { ArmRouteTable, ArmVirtualNetwork, JsonObject } from '../azure/arm/armJson';
import type { ClusterFacts } from '../core/drift/types';
import { listRaw, ReadCounter } from '../azure/arm/armRead';
import { listSpokeInventory } from '../azure/network/listSpokeInventory';
import { readFirewalls } from '../azure/network/readFirewalls';
import { AuditError } from './auditErrors';
import type { AuditClients } from './auditClients';
import { auditErrorFrom } from './auditErrorFrom';
import type { EstateSnapshot } from './estate';

export interface ListingProgress {
  readonly subscriptionsDone: number;
  readonly subscriptionsTotal: number | undefined;
  readonly vnets: number;
  readonly subnets: number;
}

export interface LiveEstateOptions {
  readonly subscriptionIds: readonly string[] | undefined;
  readonly firewallResourceIds: readonly string[] | undefined;
  readonly onProgress?: (progress: ListingProgress) => void;
  /** Subscriptions listed at once. */
  readonly concurrency?: number;
}

/** Subscription states whose resources can still be read (Disabled and Deleted ones are read-only or gone). */
const readableStates = ['enabled', 'warned', 'pastdue'];

async function subscriptionsToAudit(clients: AuditClients, given: readonly string[] | undefined): Promise<string[]> {
  const client = clients.subscriptions();
  if (given !== undefined) {
    for (const id of given) {
      try {
        await client.subscriptions.get(id);
      } catch (error) {
        throw auditErrorFrom(error, `read subscription ${id}`, id);
      }
    }
    return [...given];
  }
  const ids: string[] = [];
  try {
    for await (const subscription of client.subscriptions.list()) {
      if (subscription.subscriptionId !== undefined && readableStates.includes(String(subscription.state ?? 'Enabled').toLowerCase())) ids.push(subscription.subscriptionId.toLowerCase());
    }
  } catch (error) {
    throw auditErrorFrom(error, 'list subscriptions');
  }
  if (ids.length === 0) throw new AuditError('no-subscriptions', 'the identity can read no enabled subscription (check az account list, or pass --subscription)');
  return ids;
}

/**
 * Reads the estate with list calls only, as the sweep does (listSpokeInventory: VNets with inline subnets, route
 * tables, clusters; a few pages per subscription), several subscriptions at once, plus the firewalls: those given,
 * or every Azure Firewall in the audited subscriptions.
 */
export async function readLiveEstate(clients: AuditClients, options: LiveEstateOptions): Promise<EstateSnapshot> {
  const subscriptionIds = await subscriptionsToAudit(clients, options.subscriptionIds);
  const counter = new ReadCounter();
  const vnets: ArmVirtualNetwork[][] = subscriptionIds.map(() => []);
  const routeTables: ArmRouteTable[][] = subscriptionIds.map(() => []);
  const clusters: ClusterFacts[][] = subscriptionIds.map(() => []);
  const firewallIds: string[][] = subscriptionIds.map(() => []);
  const progress = { subscriptionsDone: 0, subscriptionsTotal: subscriptionIds.length, vnets: 0, subnets: 0 };
  options.onProgress?.({ ...progress });

  let next = 0;
  const worker = async () => {
    while (next < subscriptionIds.length) {
      const index = next++;
      const subscriptionId = subscriptionIds[index]!;
      try {
        const inventory = await listSpokeInventory(clients, [subscriptionId], counter, { withRouteTables: true });
        vnets[index] = [...inventory.vnets];
        routeTables[index] = [...inventory.routeTables];
        clusters[index] = [...inventory.clusters];
        if (options.firewallResourceIds === undefined) {
          const found = await listRaw<JsonObject>(counter, () => clients.network(subscriptionId).azureFirewalls.listAll());
          firewallIds[index] = found.flatMap((firewall) => (typeof firewall.id === 'string' ? [firewall.id] : []));
        }
      } catch (error) {
        throw auditErrorFrom(error, `list the network of subscription ${subscriptionId}`, subscriptionId);
      }
      progress.subscriptionsDone += 1;
      progress.vnets += vnets[index].length;
      progress.subnets += vnets[index].reduce((total, vnet) => total + (vnet.properties?.subnets?.length ?? 0), 0);
      options.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, subscriptionIds.length) }, worker));

  const wantedFirewalls = options.firewallResourceIds ?? firewallIds.flat();
  let firewalls;
  try {
    firewalls = await readFirewalls(clients, counter, wantedFirewalls);
  } catch (error) {
    throw auditErrorFrom(error, 'read the firewalls');
  }
  for (const id of options.firewallResourceIds ?? []) {
    if (!firewalls.some((firewall) => sameArmId(firewall.id, id))) {
      throw new AuditError('firewall-not-found', `firewall ${id} was not found (or the identity may not read it)`);
    }
  }
  return {
    subscriptionIds,
    vnets: vnets.flat(),
    routeTables: routeTables.flat(),
    clusters: clusters.flat(),
    firewalls,
    routeTablesComplete: true,
  };
}
