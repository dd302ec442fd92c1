import picomatch from 'picomatch';
import type { ArmSubnet, ArmVirtualNetwork } from '../../azure/arm/armJson';
import type { ClusterFacts, DriftPolicy } from './types';

export const subnetPatternsTag = 'egress-guard-aks-subnets';

/** Platform subnets that must never get a 0.0.0.0/0 UDR (Azure rejects it or the service breaks). */
export const neverGuardedSubnetNames: readonly string[] = [
  'AzureFirewallSubnet',
  'AzureFirewallManagementSubnet',
  'GatewaySubnet',
  'AzureBastionSubnet',
  'RouteServerSubnet',
];

/**
 * Delegations whose service does not support a user-defined route table on the delegated subnet:
 * - Microsoft.Netapp/volumes: with Basic network features (the default in many regions, and not visible on the
 *   subnet) UDRs on the delegated subnet are unsupported (Microsoft Learn, "Guidelines for Azure NetApp Files
 *   network planning", constraints table). Since we cannot tell Basic from Standard from the subnet, skip it.
 * Other common delegations (App Service, Container Apps/Instances, SQL MI, PostgreSQL/MySQL flexible server,
 * Databricks, API Management) accept route tables, and none of them is an AKS node or pod subnet anyway.
 */
export const routeTableForbiddingDelegations: readonly string[] = ['Microsoft.Netapp/volumes'];

export type GuardReason = 'cluster' | 'vnet-tag-pattern' | 'setting-pattern';

export interface GuardedSubnet {
  readonly subnetId: string;
  readonly vnetId: string;
  readonly reason: GuardReason;
}

function tagPatterns(vnet: ArmVirtualNetwork): string[] | undefined {
  const entry = Object.entries(vnet.tags ?? {}).find(([key]) => key.toLowerCase() === subnetPatternsTag);
  if (entry === undefined) return undefined;
  return entry[1].split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Why a subnet may never be guarded, or undefined when it may be. */
export function exclusionOf(subnet: ArmSubnet): string | undefined {
  if (neverGuardedSubnetNames.some((name) => name.toLowerCase() === subnet.name.toLowerCase())) {
    return `${subnet.name} is a platform subnet`;
  }
  const forbidding = (subnet.properties?.delegations ?? [])
    .map((delegation) => delegation.properties?.serviceName ?? '')
    .find((service) => routeTableForbiddingDelegations.some((name) => name.toLowerCase() === service.toLowerCase()));
  return forbidding === undefined ? undefined : `delegated to ${forbidding}, which does not support route tables`;
}

/**
 * Subnets the app guards: those AKS agent pools use, plus those whose name matches the VNet's
 * `egress-guard-aks-subnets` globs (or, without the tag, AKS_SUBNET_PATTERNS). Exclusions always win.
 */
export function selectGuardedSubnets(
  vnets: readonly ArmVirtualNetwork[],
  clusters: readonly ClusterFacts[],
  policy: Pick<DriftPolicy, 'aksSubnetPatterns'>,
): GuardedSubnet[] {
  const usedByClusters = new Set(clusters.flatMap((cluster) => cluster.subnetIds.map((id) => id.toLowerCase())));
  const guarded: GuardedSubnet[] = [];
  for (const vnet of vnets) {
    const fromTag = tagPatterns(vnet);
    const matches = picomatch(fromTag ?? [...policy.aksSubnetPatterns], { nocase: true });
    for (const subnet of vnet.properties?.subnets ?? []) {
      if (exclusionOf(subnet) !== undefined) continue;
      const reason: GuardReason | undefined = usedByClusters.has(subnet.id.toLowerCase())
        ? 'cluster'
        : matches(subnet.name)
          ? fromTag
            ? 'vnet-tag-pattern'
            : 'setting-pattern'
          : undefined;
      if (reason !== undefined) guarded.push({ subnetId: subnet.id, vnetId: vnet.id, reason });
    }
  }
  return guarded;
}
