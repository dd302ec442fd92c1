import { driftRules, type DriftRule } from './rules/registry';
import type { DriftPolicy, Finding, ObservedSubnet } from './types';

/** Every finding for one subnet, whatever the mode: audit and exempt report what enforce would fix. */
export function evaluate(observed: ObservedSubnet, policy: DriftPolicy, rules: readonly DriftRule[] = driftRules): Finding[] {
  return rules.flatMap((rule) => rule.evaluate(observed, policy));
}
