import type { Write } from '../writes';
import type { DriftPolicy, Finding, FirewallFacts, ObservedSubnet, Severity } from '../types';

/** One drift concern: what is wrong (`evaluate`) and the writes that repair its own findings (`plan`). */
export interface DriftRule {
  /** kebab-case, used as Finding.rule. */
  readonly name: string;
  evaluate(observed: ObservedSubnet, policy: DriftPolicy): Finding[];
  /** Called in enforce mode with this rule's fixable findings only (never empty). */
  plan(observed: ObservedSubnet, findings: readonly Finding[], policy: DriftPolicy): Write[];
}

export function findingOf(
  rule: string,
  observed: ObservedSubnet,
  fields: { code: string; severity: Severity; message: string; fixable: boolean; resourceId?: string },
): Finding {
  return { rule, subnetId: observed.subnet.id, ...fields };
}

/** Firewall facts with a known private IP: everything we route to needs it. */
export function routableFirewall(observed: ObservedSubnet): (FirewallFacts & { privateIp: string }) | undefined {
  const firewall = observed.firewall;
  return firewall?.privateIp === undefined ? undefined : { ...firewall, privateIp: firewall.privateIp };
}
