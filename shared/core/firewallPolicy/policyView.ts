import type { ArmRuleCollectionGroup } from './firewallPolicyModel';

/** One policy of an inheritance chain with its rule collection groups, as read from ARM. */
export interface PolicyLayer {
  readonly policyId: string;
  readonly policyName: string;
  readonly groups: readonly ArmRuleCollectionGroup[];
}

/**
 * What the evaluator needs to decide traffic the way the firewall does: the policy chain, root parent first and the
 * firewall's own policy last (a parent's groups always come before the child's, whatever their priorities), and
 * the IP groups its rules reference (id, lower-cased -> addresses). An IP group missing from the map is unknown:
 * rules that need it match nothing, so an unreadable group never makes traffic look allowed.
 */
export interface PolicyView {
  readonly layers: readonly PolicyLayer[];
  readonly ipGroups: ReadonlyMap<string, readonly string[]>;
}

export const policyViewOf = (groups: readonly ArmRuleCollectionGroup[], ipGroups: ReadonlyMap<string, readonly string[]> = new Map()): PolicyView => ({
  layers: [{ policyId: '', policyName: '', groups }],
  ipGroups,
});
