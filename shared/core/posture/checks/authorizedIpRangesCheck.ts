import { addressIn } from '../../firewallPolicy/addressMatch';
import type { PostureCheck } from '../types';
import { failed, findingOf, notApplicable, passed, usesFirewallEgress } from './result';

/**
 * 2. With authorized IP ranges on a public API server, the firewall's public IPs must be in them: the nodes reach
 * the API server from those addresses ("Limit network traffic with Azure Firewall in AKS": add the firewall's
 * public frontend IP to the authorized ranges).
 */
export const authorizedIpRangesCheck: PostureCheck = {
  name: 'api-server-authorized-ranges',
  title: 'API server authorized IP ranges include the firewall',
  codes: {
    'authorized-ranges-miss-firewall-ip': {
      severity: 'error',
      fix: 'Add the firewall public IP to the authorized ranges: az aks update --api-server-authorized-ip-ranges <existing>,<firewall-ip>/32.',
    },
  },
  evaluate(facts) {
    const { cluster, firewall } = facts;
    if (cluster.privateCluster) return notApplicable('Private cluster: the API server has no public endpoint.');
    const ranges = cluster.authorizedIpRanges ?? [];
    if (ranges.length === 0) return notApplicable('No authorized IP ranges: the API server accepts every address.');
    if (!usesFirewallEgress(facts)) return notApplicable('Egress does not go through the firewall (outbound type check).');
    if (firewall === undefined) return notApplicable('No firewall for the region (firewall region check).');
    if (firewall.publicIps.length === 0) return notApplicable(`Firewall ${firewall.name} has no public IP address to check.`);
    const missing = firewall.publicIps.filter((ip) => !addressIn(ranges, ip));
    if (missing.length === 0) return passed(`All ${firewall.publicIps.length} firewall public IP(s) are in the authorized ranges.`);
    return failed(
      `${missing.length} firewall public IP(s) are outside the authorized ranges: nodes lose the API server.`,
      missing.map((ip) =>
        findingOf(authorizedIpRangesCheck, 'authorized-ranges-miss-firewall-ip', {
          key: ip,
          resourceId: cluster.id,
          message: `Cluster ${cluster.name} authorizes ${ranges.join(', ')} on its API server, which misses firewall ${firewall.name}'s public IP ${ip}: nodes egressing through it cannot reach the API server.`,
        }),
      ),
    );
  },
};
