import type { RuleDiff } from '../../shared/core/ruleRequests/planRuleCollectionGroup';
import type { RuleRequestStatus } from '../../shared/core/ruleRequests/ruleRequest';

export interface RuleRequestOrchestrationInput {
  readonly requestId: string;
  /** ISO instant the rule leaves the firewall. */
  readonly expiresAt: string;
  /** Settings.approvalTimeout when the request was made (ms), so a replay never sees a changed setting. */
  readonly approvalTimeoutInMs: number;
  /** ISO instant the approval wait ends; absent = now + approvalTimeoutInMs (a fresh request). */
  readonly approvalDeadline?: string;
  /**
   * Started again from the stored request (by a retried create or decision, or the sweep) rather than by the create:
   * the orchestration reads the stored status first and continues from there, without posting the approval card again.
   */
  readonly resumed?: boolean;
  /** How long to wait for the writer before asking the store (absent: writerPatienceInMs). Fixed at start; specs set it. */
  readonly writerPatienceInMs?: number;
}

/** Payload of the decision event raised by POST .../approve|reject after the store recorded the decision. */
export interface DecisionEvent {
  readonly status: RuleRequestStatus;
}

export type WriteOutcomeKind = 'applied' | 'expired' | 'failed';

/** What one writer pass did to one request (also the payload of the ruleWritten event). */
export interface WriteOutcome {
  readonly requestId: string;
  readonly kind: WriteOutcomeKind;
  readonly note?: string;
  /** The request's own part of the group diff (applied only). */
  readonly diff?: RuleDiff;
}

export interface WriterInput {
  readonly policyId: string;
  readonly groupName: string;
  readonly pass: number;
  readonly reasons: readonly string[];
  /** Settle window after a pass (absent: writerSettleWindowInMs). Fixed at start and kept by continue-as-new. */
  readonly settleWindowInMs?: number;
}

/** Kept small: it is stored in the writer's history. */
export interface WritePassSummary {
  readonly changed: boolean;
  readonly desired: number;
  readonly diff: RuleDiff;
  readonly outcomes: readonly WriteOutcome[];
  /** A permanent problem (e.g. the owned collection is not an Allow collection); no retry helps. */
  readonly failure?: string;
}

export type RequesterNotice = 'approved' | 'rejected' | 'expired' | 'applied' | 'removed';
