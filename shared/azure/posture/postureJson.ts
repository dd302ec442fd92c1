import { parseArmId } from '../arm/armId';
import type { JsonObject } from '../arm/armJson';
import type { PostureCluster, PublicFrontend } from '../../core/posture/types';
import { at } from '../network/firewallFacts';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The posture view of a raw Microsoft.ContainerService/managedClusters resource (api 2026-04-01). */
export function toPostureCluster(cluster: JsonObject): PostureCluster {
  const access = (path: string) => at(cluster, 'properties', 'apiServerAccessProfile', path);
  const ranges = access('authorizedIPRanges');
  return {
    id: text(cluster.id) ?? '',
    name: text(cluster.name) ?? '',
    location: text(cluster.location) ?? '',
    outboundType: text(at(cluster, 'properties', 'networkProfile', 'outboundType')),
    privateCluster: access('enablePrivateCluster') === true,
    apiServerVnetIntegration: access('enableVnetIntegration') === true,
    authorizedIpRanges: Array.isArray(ranges) ? strings(ranges) : undefined,
    apiServerFqdn: text(at(cluster, 'properties', 'fqdn')),
    skuTier: text(at(cluster, 'sku', 'tier')),
    nodeResourceGroup: text(at(cluster, 'properties', 'nodeResourceGroup')),
  };
}

/** vnetSubnetID and podSubnetID of every agent pool, without duplicates. */
export function clusterSubnetIds(cluster: JsonObject): string[] {
  const pools = at(cluster, 'properties', 'agentPoolProfiles');
  const ids = (Array.isArray(pools) ? pools : []).flatMap((pool) => [text(at(pool, 'vnetSubnetID')), text(at(pool, 'podSubnetID'))].filter((id): id is string => id !== undefined));
  return uniqueIgnoringCase(ids);
}

/** Frontends of a raw Microsoft.Network/loadBalancers resource that carry a public IP, with its address when known. */
export function publicFrontendsOf(loadBalancer: JsonObject, addressOf: (publicIpId: string) => string | undefined): PublicFrontend[] {
  const frontends = at(loadBalancer, 'properties', 'frontendIPConfigurations');
  return (Array.isArray(frontends) ? frontends : []).flatMap((frontend) => {
    const publicIpId = text(at(frontend, 'properties', 'publicIPAddress', 'id'));
    if (publicIpId === undefined) return [];
    return [
      {
        loadBalancerId: text(loadBalancer.id) ?? '',
        loadBalancerName: text(loadBalancer.name) ?? '',
        frontendName: text(at(frontend, 'name')) ?? '',
        publicIpId,
        ipAddress: addressOf(publicIpId),
      },
    ];
  });
}

/** IP group ids referenced by source or destination of any rule in the groups. */
export function referencedIpGroups(groups: readonly JsonObject[]): string[] {
  const ids = groups.flatMap((group) => {
    const collections = at(group, 'properties', 'ruleCollections');
    return (Array.isArray(collections) ? collections : []).flatMap((collection) => {
      const rules = at(collection, 'rules');
      return (Array.isArray(rules) ? rules : []).flatMap((rule) => [...strings(at(rule, 'sourceIpGroups')), ...strings(at(rule, 'destinationIpGroups'))]);
    });
  });
  return uniqueIgnoringCase(ids);
}

/** ARM ids compare case-insensitively; the first spelling is kept. */
function uniqueIgnoringCase(ids: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (!seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}

export const resourceName = (id: string): string => parseArmId(id).segments[0]?.[1] ?? '';
