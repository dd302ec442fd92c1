import type { PostureCheck } from '../types';
import { failed, findingOf, isNetworkIsolated, notApplicable, passed } from './result';

/** 4a. A firewall is configured (FIREWALL_RESOURCE_IDS) for the cluster's region. */
export const firewallRegionCheck: PostureCheck = {
  name: 'firewall-region',
  title: 'A firewall serves the cluster region',
  codes: {
    'firewall-not-configured-for-region': {
      severity: 'error',
      fix: "Deploy an Azure Firewall in the region (or peer to one) and add its resource id to FIREWALL_RESOURCE_IDS.",
    },
  },
  evaluate(facts) {
    if (isNetworkIsolated(facts)) return notApplicable('Network isolated cluster: no egress through a firewall.');
    if (facts.firewall !== undefined) return passed(`Firewall ${facts.firewall.name} serves ${facts.cluster.location}.`);
    return failed(`No firewall for ${facts.cluster.location}.`, [
      findingOf(firewallRegionCheck, 'firewall-not-configured-for-region', {
        resourceId: facts.cluster.id,
        message: `FIREWALL_RESOURCE_IDS has no firewall in region ${facts.cluster.location} of cluster ${facts.cluster.name}.`,
      }),
    ]);
  },
};
