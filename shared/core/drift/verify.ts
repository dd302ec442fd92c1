import { evaluate } from './evaluate';
import type { DriftPolicy, Finding, ObservedSubnet } from './types';

export interface Verification {
  /** No fixable drift is left (report-only findings such as a cluster's outbound type may remain). */
  readonly converged: boolean;
  readonly remaining: readonly Finding[];
}

/** Re-evaluates a fresh observation after writes: did they take? */
export function verify(observedAfter: ObservedSubnet, policy: DriftPolicy): Verification {
  const remaining = evaluate(observedAfter, policy);
  return { converged: !remaining.some((finding) => finding.fixable), remaining };
}
