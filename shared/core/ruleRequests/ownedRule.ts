import type { ApplicationProtocol } from './protocols';
import { isRuleRequestId } from './ruleRequestId';
import { APPLICATION_RULE, type ArmApplicationRule } from '../firewallPolicy/firewallPolicyModel';

/** Every rule the app writes is named with this prefix; rules without it are never touched. */
export const OWNED_RULE_PREFIX = 'req-';

/** One approved request as the firewall will see it: sources already resolved to address prefixes. */
export interface OwnedRule {
  readonly requestId: string;
  readonly fqdns: readonly string[];
  readonly protocols: readonly ApplicationProtocol[];
  readonly sourceAddresses: readonly string[];
  /** ISO instant; shown in the rule description for people reading the policy in the portal. */
  readonly expiresAt?: string;
}

/** An ApplicationRule the app wrote: always named. */
export type OwnedApplicationRule = ArmApplicationRule & { readonly name: string; readonly description: string };

/** Deterministic rule name for a request, so a replayed or retried apply finds its own rule instead of adding one. */
export function ruleNameFor(requestId: string): string {
  if (!isRuleRequestId(requestId)) throw new RangeError(`requestId "${requestId}" must be 1-64 letters, digits or hyphens`);
  return `${OWNED_RULE_PREFIX}${requestId}`;
}

export const isOwnedRuleName = (name: string | undefined): boolean => name?.startsWith(OWNED_RULE_PREFIX) ?? false;

/** The ApplicationRule JSON for an owned rule, with sorted lists so equal requests give byte-equal rules. */
export function toApplicationRule(rule: OwnedRule): OwnedApplicationRule {
  const sorted = (values: readonly string[]) => [...new Set(values)].sort();
  return {
    ruleType: APPLICATION_RULE,
    name: ruleNameFor(rule.requestId),
    description: descriptionOf(rule),
    protocols: [...rule.protocols]
      .sort((a, b) => a.protocolType.localeCompare(b.protocolType) || a.port - b.port)
      .map((protocol) => ({ protocolType: protocol.protocolType, port: protocol.port })),
    targetFqdns: sorted(rule.fqdns),
    sourceAddresses: sorted(rule.sourceAddresses),
  };
}

export const descriptionOf = (rule: OwnedRule): string =>
  `aks-egress-guard request ${rule.requestId}${rule.expiresAt ? `, expires ${rule.expiresAt}` : ''}`;
