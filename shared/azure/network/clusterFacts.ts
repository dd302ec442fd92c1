import type { JsonObject } from '../arm/armJson';
import type { ClusterFacts } from '../../core/drift/types';
import { at } from './firewallFacts';

/** Subnets and outbound type of a raw Microsoft.ContainerService/managedClusters resource. */
export function toClusterFacts(cluster: JsonObject): ClusterFacts {
  const pools = at(cluster, 'properties', 'agentPoolProfiles');
  const subnetIds = (Array.isArray(pools) ? pools : []).flatMap((pool) =>
    [at(pool, 'vnetSubnetID'), at(pool, 'podSubnetID')].filter((id): id is string => typeof id === 'string' && id.length > 0),
  );
  const outboundType = at(cluster, 'properties', 'networkProfile', 'outboundType');
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const networkPlugin = text(at(cluster, 'properties', 'networkProfile', 'networkPlugin'));
  const podCidr = text(at(cluster, 'properties', 'networkProfile', 'podCidr'));
  const nodeResourceGroup = text(at(cluster, 'properties', 'nodeResourceGroup'));
  return {
    id: typeof cluster.id === 'string' ? cluster.id : '',
    name: typeof cluster.name === 'string' ? cluster.name : '',
    outboundType: typeof outboundType === 'string' ? outboundType : undefined,
    subnetIds,
    ...(networkPlugin ? { networkPlugin } : {}),
    ...(podCidr ? { podCidr } : {}),
    ...(nodeResourceGroup ? { nodeResourceGroup } : {}),
  };
}

/** `/subscriptions/<s>/resourceGroups/<node resource group>` of every cluster that names one (same subscription as the cluster). */
export function managedResourceGroupIdsOf(clusters: readonly ClusterFacts[]): string[] {
  return clusters.flatMap((cluster) => {
    const subscription = /^\/subscriptions\/([^/]+)\//i.exec(cluster.id)?.[1];
    return subscription && cluster.nodeResourceGroup ? [`/subscriptions/${subscription}/resourceGroups/${cluster.nodeResourceGroup}`] : [];
  });
}
