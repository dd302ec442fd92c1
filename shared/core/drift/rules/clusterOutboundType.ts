import type { DriftRule } from './rule';
import { findingOf } from './rule';

const name = 'cluster-outbound-type';

/** Outbound types that give nodes their own public egress path, so the UDR is not what carries their traffic. */
const bypassingOutboundTypes = ['loadbalancer', 'managednatgateway'];

/** Reported only: changing a cluster's outbound type is the cluster owner's migration, not ours. */
export const clusterOutboundTypeRule: DriftRule = {
  name,
  evaluate(observed) {
    return observed.clusters.flatMap((cluster) => {
      // AKS defaults to loadBalancer when the profile omits it.
      const outboundType = cluster.outboundType ?? 'loadBalancer';
      if (!bypassingOutboundTypes.includes(outboundType.toLowerCase())) return [];
      return [
        findingOf(name, observed, {
          code: 'cluster-outbound-bypass',
          severity: 'error',
          message: `Cluster ${cluster.name} uses outboundType ${outboundType}: its egress leaves through its own public IPs, not the firewall. Migrate it to userDefinedRouting.`,
          fixable: false,
          resourceId: cluster.id,
        }),
      ];
    });
  },
  plan: () => [],
};
