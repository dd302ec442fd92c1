import type { PostureCheck } from '../types';
import { failed, findingOf, notApplicable, passed, usesFirewallEgress } from './result';

/** Microsoft's production minimum ("Limit network traffic with Azure Firewall in AKS", frontend IP requirements). */
export const recommendedFirewallPublicIps = 20;

/** The tiers AKS recommends for production (SKU docs: Free is "not recommended for production use cases"). */
const productionTiers = ['standard', 'premium'];

/** 5. SNAT headroom: fewer than 20 firewall public IPs for a production cluster is advice, with the capacity figure. */
export const snatHeadroomCheck: PostureCheck = {
  name: 'snat-headroom',
  title: 'Firewall SNAT headroom for production',
  codes: {
    'snat-headroom-low': {
      severity: 'info',
      fix: 'Give the firewall at least 20 public IPs (or a NAT gateway on AzureFirewallSubnet) to avoid SNAT port exhaustion.',
    },
  },
  evaluate(facts) {
    const firewall = facts.firewall;
    if (!usesFirewallEgress(facts) || firewall === undefined) return notApplicable('Egress does not go through a known firewall.');
    const tier = facts.cluster.skuTier ?? 'Free';
    if (!productionTiers.includes(tier.toLowerCase())) return notApplicable(`Cluster tier ${tier} is not a production tier.`);
    const { publicIpCount, instanceCount, ports } = firewall.snat;
    const capacity = `${publicIpCount} public IP(s) x 2,496 ports x ${instanceCount} instances = ${ports.toLocaleString('en-US')} SNAT ports`;
    if (publicIpCount >= recommendedFirewallPublicIps) return passed(`Firewall ${firewall.name}: ${capacity}.`);
    return failed(
      `Firewall ${firewall.name} has fewer than ${recommendedFirewallPublicIps} public IPs.`,
      [
        findingOf(snatHeadroomCheck, 'snat-headroom-low', {
          resourceId: firewall.id,
          message: `Production cluster ${facts.cluster.name} egresses through firewall ${firewall.name} with ${capacity}; Microsoft recommends at least ${recommendedFirewallPublicIps} public IPs for production.`,
        }),
      ],
      'advice',
    );
  },
};
