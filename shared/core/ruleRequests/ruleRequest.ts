import type { RuleDiff } from './planRuleCollectionGroup';
import type { RuleRequestSpec } from './ruleRequestSpec';

/**
 * Lifecycle: pending-approval -> approved -> applying -> applied -> expired | removed; pending-approval -> rejected;
 * applying -> failed -> applying (retry). The allowed moves live in transitions.ts.
 */
export const RULE_REQUEST_STATUSES = ['pending-approval', 'approved', 'rejected', 'applying', 'applied', 'failed', 'expired', 'removed'] as const;
export type RuleRequestStatus = (typeof RULE_REQUEST_STATUSES)[number];

export interface Person {
  readonly userId: string;
  readonly name: string;
}

export interface HistoryEntry {
  /** ISO instant. */
  readonly at: string;
  readonly stage: RuleRequestStatus;
  readonly by?: Person;
  readonly note: string;
}

export interface RuleRequest {
  /** Letters, digits, hyphens (the firewall rule is named `req-<id>`). */
  readonly id: string;
  readonly status: RuleRequestStatus;
  readonly spec: RuleRequestSpec;
  readonly requester: Person;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly approver?: Person;
  readonly decidedAt?: string;
  readonly appliedAt?: string;
  /** When the rule left the firewall (expired or removed). */
  readonly endedAt?: string;
  /** What the apply changed in the owned rule collection group. */
  readonly appliedDiff?: RuleDiff;
  readonly history: readonly HistoryEntry[];
}

/** A new request, waiting for an approver. */
export function newRuleRequest(id: string, spec: RuleRequestSpec, requester: Person, now: Date): RuleRequest {
  const at = now.toISOString();
  return {
    id,
    status: 'pending-approval',
    spec,
    requester,
    createdAt: at,
    updatedAt: at,
    history: [{ at, stage: 'pending-approval', by: requester, note: 'requested' }],
  };
}
