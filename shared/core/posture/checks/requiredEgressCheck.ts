import { describeRule, evaluateTraffic, type Verdict } from '../../firewallPolicy/evaluateTraffic';
import { requiredEgress } from '../requiredEgress';
import type { PostureCheck, PostureFinding } from '../types';
import { failed, findingOf, isNetworkIsolated, notApplicable, passed, usesFirewallEgress } from './result';

/** 1. The firewall policy allows what AKS needs, from every node and pod subnet of the cluster. */
export const requiredEgressCheck: PostureCheck = {
  name: 'required-egress',
  title: 'Required egress allowed by the firewall policy',
  codes: {
    'required-egress-denied': {
      severity: 'error',
      fix: 'Remove or narrow the Deny rule (or give the AKS subnets an Allow rule the firewall reaches first: a parent policy or a lower priority number).',
    },
    'required-egress-not-allowed': {
      severity: 'error',
      fix: "Add the guide's rules: an application rule with the AzureKubernetesService FQDN tag on Https:443, and network rules for UDP 1194 / TCP 9000 to AzureCloud.<region> and UDP 123 to ntp.ubuntu.com.",
    },
    'firewall-policy-unavailable': {
      severity: 'warning',
      fix: 'Attach a firewall policy to the firewall (classic rules are not evaluated) and let the app read it (hub firewall reader role).',
    },
  },
  evaluate(facts) {
    if (isNetworkIsolated(facts)) return notApplicable('Network isolated cluster: no egress to allow.');
    if (!usesFirewallEgress(facts)) return notApplicable('Egress does not go through the firewall (outbound type check).');
    const firewall = facts.firewall;
    if (firewall === undefined) return notApplicable('No firewall for the region (firewall region check).');
    if (firewall.policy === undefined) {
      return failed(`The rules of firewall ${firewall.name} could not be evaluated.`, [
        findingOf(requiredEgressCheck, 'firewall-policy-unavailable', {
          message: `Firewall ${firewall.name} has no readable firewall policy${firewall.policyId ? ` (${firewall.policyId})` : ''}${firewall.policyProblem ? `: ${firewall.policyProblem}` : ''}; required egress cannot be checked.`,
          resourceId: firewall.policyId ?? firewall.id,
        }),
      ]);
    }
    const policy = firewall.policy;
    const sources = facts.subnets.flatMap((subnet) => subnet.prefixes.map((prefix) => ({ subnet, prefix })));
    if (sources.length === 0) return notApplicable('The cluster has no subnet with an address prefix to evaluate from.');
    const requirements = requiredEgress(facts.cluster);
    const findings: PostureFinding[] = [];
    for (const requirement of requirements) {
      const refused = sources
        .map(({ subnet, prefix }) => ({ subnet, prefix, verdict: evaluateTraffic(policy, requirement.trafficFrom(prefix)) }))
        .filter(({ verdict }) => !verdict.allowed);
      const first = refused[0];
      if (first === undefined) continue;
      const from = refused.map(({ subnet, prefix }) => `${subnet.name} (${prefix})`).join(', ');
      const denied = first.verdict.decidedBy;
      findings.push(
        denied
          ? findingOf(requiredEgressCheck, 'required-egress-denied', { key: requirement.key, message: `${requirement.description} from ${from} is denied by ${denyText(first.verdict)}.` })
          : findingOf(requiredEgressCheck, 'required-egress-not-allowed', { key: requirement.key, message: `${requirement.description} from ${from} is not allowed by any rule (the firewall denies it by default).` }),
      );
    }
    return findings.length === 0
      ? passed(`All ${requirements.length} required destinations are allowed from ${sources.length} source range(s).`)
      : failed(`${findings.length} of ${requirements.length} required destinations are not allowed.`, findings);
  },
};

function denyText(verdict: Verdict): string {
  const rule = verdict.decidedBy ? describeRule(verdict.decidedBy) : 'the default deny';
  const part = verdict.partial ? ' (for part of the range)' : '';
  const shadowed = verdict.shadowed.length > 0 ? `, which shadows ${verdict.shadowed.map(describeRule).join(', ')}` : '';
  return `${rule}${part}${shadowed}`;
}
