import { evaluateTraffic } from './evaluateTraffic';
import type { ArmRuleCollectionGroup } from './firewallPolicyModel';
import { policyViewOf } from './policyView';
import type { ApplicationProtocol } from '../ruleRequests/protocols';

export interface AllowanceQuery {
  /** Normalized FQDN (lower-case punycode, optionally `*.`). */
  readonly fqdn: string;
  readonly protocol: ApplicationProtocol;
  /** Resolved source prefixes; every one must be allowed. */
  readonly sourceAddresses: readonly string[];
}

export interface ExistingAllowance {
  readonly groupName: string;
  readonly collectionName: string;
  readonly ruleName: string;
  /** Which rule entry matched: the covering target FQDN, or the FQDN tag name. */
  readonly via: { readonly kind: 'targetFqdn'; readonly target: string } | { readonly kind: 'fqdnTag'; readonly tag: string };
}

/**
 * The Allow application rule that already lets fqdn + protocol through from all the sources, as the firewall
 * decides it (evaluateTraffic: the one evaluator of firewall policy, so a Deny that comes first means "not
 * allowed"). Conservative for a rule request: traffic a network rule lets through is not counted (the request is
 * for an application rule), and rules on IP groups do not count here (the groups are not read for a request).
 */
export function findExistingAllowance(groups: readonly ArmRuleCollectionGroup[], query: AllowanceQuery): ExistingAllowance | undefined {
  if (query.sourceAddresses.length === 0) return undefined;
  const policy = policyViewOf(groups);
  let first: ExistingAllowance | undefined;
  for (const source of query.sourceAddresses) {
    const verdict = evaluateTraffic(policy, { kind: 'application', source, fqdn: query.fqdn, protocol: query.protocol });
    const rule = verdict.decidedBy;
    if (!verdict.allowed || rule === undefined || rule.ruleType !== 'ApplicationRule') return undefined;
    if (rule.via.kind !== 'targetFqdn' && rule.via.kind !== 'fqdnTag') return undefined;
    first ??= { groupName: rule.groupName, collectionName: rule.collectionName, ruleName: rule.ruleName, via: rule.via };
  }
  return first;
}
