import type { JsonObject } from '../core/drift/armJson';
import { parseArmId, sameArmId } from '../core/drift/armId';
import type { FirewallResource } from '../core/report/snatCapacity';
import type { SubnetScope } from '../core/report/sourceAttribution';
import type { ArmClients } from '../azure/armClients';
import { getRaw, ReadCounter } from '../azure/network/armRead';
import { listSpokeInventory, subnetPrefixes } from '../azure/network/listSpokeInventory';

/** The ARM state a report needs: every subnet of the guarded subscriptions (with its clusters) and the firewalls. */
export interface EgressReportScope {
  readonly subnets: readonly SubnetScope[];
  readonly firewalls: readonly FirewallResource[];
  readonly armReads: number;
}

/**
 * Paged list calls per subscription (VNets with inline subnets, managed clusters) and one GET per configured
 * firewall. Every subnet is kept, not only AKS ones: a denial from a VM subnet is then attributed to that subnet
 * (with no cluster) instead of showing up as an unknown source.
 */
export async function readEgressReportScope(
  clients: ArmClients,
  settings: { readonly guardedSubscriptionIds: readonly string[]; readonly firewallResourceIds: readonly string[] },
): Promise<EgressReportScope> {
  const counter = new ReadCounter();
  const { vnets, clusters: clusterFacts } = await listSpokeInventory(clients, settings.guardedSubscriptionIds, counter);
  const subnets = vnets.flatMap((vnet) =>
    (vnet.properties?.subnets ?? []).flatMap((subnet): SubnetScope[] => {
      if (!subnet.id) return [];
      const prefixes = subnetPrefixes(subnet);
      const clusterIds = clusterFacts.filter((cluster) => cluster.subnetIds.some((id) => sameArmId(id, subnet.id))).map((cluster) => cluster.id);
      return [{ subnetId: subnet.id, prefixes, clusterIds }];
    }),
  );
  const firewalls: FirewallResource[] = [];
  for (const firewallId of settings.firewallResourceIds) {
    const id = parseArmId(firewallId);
    const firewall = await getRaw<JsonObject>(counter, () => clients.network(id.subscriptionId).azureFirewalls.get(id.resourceGroup, id.segments[0]![1]));
    if (firewall !== undefined && typeof firewall.id === 'string') firewalls.push(firewall as unknown as FirewallResource);
  }
  return { subnets, firewalls, armReads: counter.count };
}
