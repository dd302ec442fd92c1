import type { AksClusterScope } from '../core/report/aksLifeline';
import type { FirewallResource } from '../core/report/snatCapacity';
import type { SubnetScope } from '../core/report/sourceAttribution';
import type { ArmClients } from '../azure/arm/armClients';
import { ReadCounter } from '../azure/arm/armRead';
import { clustersBySubnet, listSpokeInventory, subnetPrefixes } from '../azure/network/listSpokeInventory';
import { getFirewall } from '../azure/network/readFirewalls';

/** The ARM state a report needs: every subnet of the guarded subscriptions (with its clusters) and the firewalls. */
export interface EgressReportScope {
  readonly subnets: readonly SubnetScope[];
  readonly firewalls: readonly FirewallResource[];
  /** Every guarded AKS cluster with its region and API server FQDN (the lifeline's required rules are per cluster). */
  readonly clusters: readonly AksClusterScope[];
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
  const { vnets, clusters, clusterResources } = await listSpokeInventory(clients, settings.guardedSubscriptionIds, counter);
  const clustersOfSubnet = clustersBySubnet(clusters);
  const subnets = vnets.flatMap((vnet) =>
    (vnet.properties?.subnets ?? []).flatMap((subnet): SubnetScope[] => {
      if (!subnet.id) return [];
      const prefixes = subnetPrefixes(subnet);
      const clusterIds = (clustersOfSubnet.get(subnet.id.toLowerCase()) ?? []).map((cluster) => cluster.id);
      return [{ subnetId: subnet.id, prefixes, clusterIds }];
    }),
  );
  const firewalls: FirewallResource[] = [];
  for (const firewallId of settings.firewallResourceIds) {
    const firewall = await getFirewall(clients, counter, firewallId);
    if (firewall !== undefined && typeof firewall.id === 'string') firewalls.push(firewall as unknown as FirewallResource);
  }
  return { subnets, firewalls, clusters: clusterResources.flatMap(toAksClusterScope), armReads: counter.count };
}

function toAksClusterScope(resource: Record<string, unknown>): AksClusterScope[] {
  const { id, location } = resource as { id?: unknown; location?: unknown };
  const fqdn = (resource.properties as { fqdn?: unknown } | undefined)?.fqdn;
  if (typeof id !== 'string' || typeof location !== 'string') return [];
  return [{ clusterId: id, location, ...(typeof fqdn === 'string' && fqdn !== '' ? { apiServerFqdn: fqdn } : {}) }];
}
