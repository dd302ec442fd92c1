import type { RuleRequestStatus } from '../../shared/core/rules/ruleRequest';
import type { RequesterNotice, WriteOutcomeKind } from './types';

/** What the request orchestration does once the approval wait ended (decision or timeout). */
export type AfterApproval = { readonly next: 'apply' } | { readonly next: 'end'; readonly notice: RequesterNotice };

/**
 * The store is the authority: approve/reject record their decision there before raising the event, and the
 * timeout only rejects a request still pending. So whichever won the race, the stored status decides.
 */
export function afterApproval(status: RuleRequestStatus, timedOut: boolean): AfterApproval {
  if (status === 'approved' || status === 'applying' || status === 'applied') return { next: 'apply' };
  if (status === 'rejected') return { next: 'end', notice: timedOut ? 'expired' : 'rejected' };
  // failed/expired/removed before we even applied: someone else already finished this request.
  return { next: 'end', notice: 'rejected' };
}

/** Has the writer finished what this stage waits for? `applying` waits for applied/failed, `expiring` for expired. */
export function writeSettles(stage: 'applying' | 'expiring', kind: WriteOutcomeKind | RuleRequestStatus): 'done' | 'failed' | 'wait' {
  if (stage === 'applying') return kind === 'applied' ? 'done' : kind === 'failed' ? 'failed' : 'wait';
  return kind === 'expired' || kind === 'removed' ? 'done' : 'wait';
}
