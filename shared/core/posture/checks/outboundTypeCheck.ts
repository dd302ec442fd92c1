import type { PostureCheck } from '../types';
import { failed, findingOf, isNetworkIsolated, passed, usesFirewallEgress } from './result';

/** 4b. Egress goes through the firewall: outbound type userDefinedRouting (none/block: network isolated, compliant by design). */
export const outboundTypeCheck: PostureCheck = {
  name: 'outbound-type',
  title: 'Cluster outbound type sends egress through the firewall',
  codes: {
    'outbound-type-bypasses-firewall': {
      severity: 'error',
      fix: 'Set the outbound type to userDefinedRouting (az aks update --outbound-type userDefinedRouting) once the subnet routes 0.0.0.0/0 to the firewall.',
    },
  },
  evaluate(facts) {
    const outboundType = facts.cluster.outboundType ?? 'loadBalancer';
    if (usesFirewallEgress(facts)) return passed('Outbound type userDefinedRouting: egress follows the subnet route to the firewall.');
    if (isNetworkIsolated(facts)) return passed(`Outbound type ${outboundType}: network isolated cluster, compliant by design.`);
    return failed(`Outbound type ${outboundType} egresses around the firewall.`, [
      findingOf(outboundTypeCheck, 'outbound-type-bypasses-firewall', {
        resourceId: facts.cluster.id,
        message: `Cluster ${facts.cluster.name} has outbound type ${outboundType}: AKS gives it its own egress path and the firewall does not see it.`,
      }),
    ]);
  },
};
