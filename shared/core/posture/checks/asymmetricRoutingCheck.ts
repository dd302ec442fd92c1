import { dnatRulesTo } from '../../firewallPolicy/dnatRules';
import type { PostureCheck } from '../types';
import { failed, findingOf, notApplicable, passed, usesFirewallEgress } from './result';

/**
 * 3. A public LoadBalancer frontend on a cluster whose default route goes to the firewall: requests arrive on the
 * load balancer's public IP, replies leave through the firewall, which drops them (no session). The guide's fix is
 * an internal load balancer and a DNAT rule on the firewall; a DNAT rule to the frontend also makes the path
 * symmetric, so a frontend some DNAT rule translates to counts as served.
 */
export const asymmetricRoutingCheck: PostureCheck = {
  name: 'asymmetric-routing',
  title: 'No public load balancer frontend bypasses the firewall',
  codes: {
    'public-frontend-without-dnat': {
      severity: 'error',
      fix: 'Use an internal load balancer (service annotation service.beta.kubernetes.io/azure-load-balancer-internal: "true") and a DNAT rule from the firewall public IP to its frontend.',
    },
  },
  evaluate(facts) {
    if (!usesFirewallEgress(facts)) return notApplicable('No default route to the firewall (outbound type is not userDefinedRouting).');
    if (facts.publicFrontends.length === 0) return passed('No public load balancer frontend in the node resource group.');
    const policy = facts.firewall?.policy;
    const unserved = facts.publicFrontends.filter((frontend) => frontend.ipAddress === undefined || policy === undefined || dnatRulesTo(policy, frontend.ipAddress).length === 0);
    if (unserved.length === 0) return passed(`All ${facts.publicFrontends.length} public frontend(s) are served by DNAT rules.`);
    return failed(
      `${unserved.length} public frontend(s) answer through the firewall, which drops the replies.`,
      unserved.map((frontend) =>
        findingOf(asymmetricRoutingCheck, 'public-frontend-without-dnat', {
          key: frontend.ipAddress ?? frontend.publicIpId,
          resourceId: frontend.loadBalancerId,
          message: `Load balancer ${frontend.loadBalancerName} has public frontend ${frontend.frontendName} (${frontend.ipAddress ?? 'no address'}) and no DNAT rule on the firewall policy serves it: replies go through the firewall and are dropped (asymmetric routing).`,
        }),
      ),
    );
  },
};
