import type { RuleRequestStatus } from '../../shared/core/ruleRequests/ruleRequest';
import type { RequesterNotice, WriteOutcomeKind } from './types';

/** What the request orchestration does once it knows the stored status (after the approval wait, or on resume). */
export type AfterApproval =
  | { readonly next: 'apply' }
  /** The rule is in the firewall: only the expiry remains. */
  | { readonly next: 'await-expiry' }
  /** Nothing more to do; `notice` is what the requester is told, if anything. */
  | { readonly next: 'end'; readonly notice?: RequesterNotice };

/**
 * The store is the authority: approve/reject record their decision there before raising the event, and the
 * timeout only rejects a request still pending. So whichever won the race, the stored status decides. A resumed
 * orchestration passes the stored status straight here.
 */
export function afterApproval(status: RuleRequestStatus, timedOut: boolean): AfterApproval {
  if (status === 'approved' || status === 'applying') return { next: 'apply' };
  if (status === 'applied') return { next: 'await-expiry' };
  if (status === 'rejected') return { next: 'end', notice: timedOut ? 'expired' : 'rejected' };
  // failed/expired/removed: the request already finished; a (resumed) orchestration has nothing left to do.
  return { next: 'end' };
}

/** Has the writer finished what this stage waits for? `applying` waits for applied/failed, `expiring` for expired. */
export function writeSettles(stage: 'applying' | 'expiring', kind: WriteOutcomeKind | RuleRequestStatus): 'done' | 'failed' | 'wait' {
  if (stage === 'applying') return kind === 'applied' ? 'done' : kind === 'failed' ? 'failed' : 'wait';
  return kind === 'expired' || kind === 'removed' ? 'done' : 'wait';
}
