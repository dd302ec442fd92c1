import type { RuleDiff } from './planRuleCollectionGroup';
import type { HistoryEntry, Person, RuleRequest, RuleRequestStatus } from './ruleRequest';
import { GuardError } from '../../errors';

/** Something that happened to a request; `by` is the person for human decisions. */
export type RuleRequestEvent =
  | { readonly type: 'approve'; readonly by: Person; readonly note?: string }
  | { readonly type: 'reject'; readonly by?: Person; readonly note: string }
  | { readonly type: 'start-apply'; readonly note?: string }
  | { readonly type: 'applied'; readonly diff: RuleDiff; readonly note?: string }
  | { readonly type: 'fail'; readonly note: string }
  | { readonly type: 'expire'; readonly note?: string }
  | { readonly type: 'remove'; readonly by: Person; readonly note: string };

export type RuleRequestEventType = RuleRequestEvent['type'];

/** The state machine as data: for each event, the statuses it may leave from and the status it enters. */
const MOVES: Readonly<Record<RuleRequestEventType, { readonly from: readonly RuleRequestStatus[]; readonly to: RuleRequestStatus }>> = {
  approve: { from: ['pending-approval'], to: 'approved' },
  // Without `by`: the approval timeout rejected it.
  reject: { from: ['pending-approval'], to: 'rejected' },
  // From failed: a retry. From applying: a replayed orchestration re-entering the step.
  'start-apply': { from: ['approved', 'failed', 'applying'], to: 'applying' },
  applied: { from: ['applying'], to: 'applied' },
  fail: { from: ['applying'], to: 'failed' },
  expire: { from: ['applied'], to: 'expired' },
  remove: { from: ['applied', 'failed'], to: 'removed' },
};

export class InvalidTransitionError extends GuardError<'invalid-transition'> {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly status: RuleRequestStatus,
    readonly event: RuleRequestEventType,
  ) {
    super('invalid-transition', `A request that is ${status} cannot take "${event}" (allowed from: ${MOVES[event].from.join(', ')})`);
  }
}

export const canTake = (status: RuleRequestStatus, event: RuleRequestEventType): boolean => MOVES[event].from.includes(status);

const DEFAULT_NOTES: Record<RuleRequestEventType, string> = {
  approve: 'approved',
  reject: 'rejected',
  'start-apply': 'applying to the firewall policy',
  applied: 'applied to the firewall policy',
  fail: 'failed',
  expire: 'expired and removed from the firewall policy',
  remove: 'removed from the firewall policy',
};

/** Applies one event: the next request (with a history entry), or InvalidTransitionError. Pure. */
export function transition(request: RuleRequest, event: RuleRequestEvent, now: Date): RuleRequest {
  if (!canTake(request.status, event.type)) throw new InvalidTransitionError(request.status, event.type);
  const at = now.toISOString();
  const to = MOVES[event.type].to;
  const by = 'by' in event ? event.by : undefined;
  const entry: HistoryEntry = { at, stage: to, ...(by ? { by } : {}), note: event.note ?? DEFAULT_NOTES[event.type] };
  const next: RuleRequest = { ...request, status: to, updatedAt: at, history: [...request.history, entry] };
  switch (event.type) {
    case 'approve':
    case 'reject':
      return { ...next, ...(event.by ? { approver: event.by } : {}), decidedAt: at };
    case 'applied':
      return { ...next, appliedAt: at, appliedDiff: event.diff };
    case 'expire':
    case 'remove':
      return { ...next, endedAt: at };
    default:
      return next;
  }
}
