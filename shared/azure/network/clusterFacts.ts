import type { JsonObject } from '../../core/drift/armJson';
import type { ClusterFacts } from '../../core/drift/types';
import { at } from './firewallFacts';

/** Subnets and outbound type of a raw Microsoft.ContainerService/managedClusters resource. */
export function toClusterFacts(cluster: JsonObject): ClusterFacts {
  const pools = at(cluster, 'properties', 'agentPoolProfiles');
  const subnetIds = (Array.isArray(pools) ? pools : []).flatMap((pool) =>
    [at(pool, 'vnetSubnetID'), at(pool, 'podSubnetID')].filter((id): id is string => typeof id === 'string' && id.length > 0),
  );
  const outboundType = at(cluster, 'properties', 'networkProfile', 'outboundType');
  return {
    id: typeof cluster.id === 'string' ? cluster.id : '',
    name: typeof cluster.name === 'string' ? cluster.name : '',
    outboundType: typeof outboundType === 'string' ? outboundType : undefined,
    subnetIds,
  };
}
