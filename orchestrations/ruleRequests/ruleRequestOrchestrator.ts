import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import type { RuleRequestStatus } from '../../shared/core/ruleRequests/ruleRequest';
import { ruleNames } from './names';
import { afterApproval, writeSettles } from './requestDecisions';
import type { DecisionEvent, RequesterNotice, RuleRequestOrchestrationInput, WriteOutcome } from './types';

/**
 * How long to wait for the writer before looking at the store and signalling it again. The writer reports every
 * outcome by event; this only heals a lost signal or a writer that failed for good (the new one starts afresh).
 */
export const writerPatienceInMs = 2 * 60_000;
const MAX_WRITER_ROUNDS = 30;

/**
 * One instance per request: tell approvers, wait for a decision (or the approval timeout), have the single writer
 * apply the rule, wait until expiresAt, have the writer remove it, and tell the requester at each end. The custom
 * status carries the stage for GET /api/rule-requests/{id}. All firewall writes go through the writer.
 *
 * The stored request is the authority and the orchestration a worker that moves it on: a `resumed` instance (started
 * again by a retried create or decision, or by the sweep, after a crash, a lost event or a purge) reads the stored
 * status and continues from that step. So whatever step was interrupted, the request still ends applied once,
 * rejected, or expired at expiresAt (the applied stage always holds the expiry timer).
 */
export const ruleRequestOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<RuleRequestOrchestrationInput>();
  const { requestId } = input;
  const stage = (name: string) => context.df.setCustomStatus({ stage: name, requestId });

  let status: RuleRequestStatus = input.resumed ? ((yield context.df.callActivity(ruleNames.readStatusActivity, { requestId })) as RuleRequestStatus) : 'pending-approval';
  let timedOut = false;
  if (status === 'pending-approval') {
    stage('awaiting-approval');
    if (!input.resumed) yield context.df.callActivity(ruleNames.notifyApproversActivity, { requestId });
    const deadline = input.approvalDeadline ? new Date(input.approvalDeadline) : new Date(context.df.currentUtcDateTime.getTime() + input.approvalTimeoutInMs);
    const decision = context.df.waitForExternalEvent(ruleNames.decisionEvent);
    const timeout = context.df.createTimer(deadline);
    const winner: unknown = yield context.df.Task.any([decision, timeout]);
    timedOut = winner === timeout;
    if (timedOut) {
      status = yield context.df.callActivity(ruleNames.expireApprovalActivity, { requestId });
    } else {
      timeout.cancel();
      status = (decision.result as DecisionEvent).status;
    }
  }
  const next = afterApproval(status, timedOut);
  if (next.next === 'end') {
    if (next.notice) yield* notify(context, requestId, next.notice);
    stage(next.notice ?? status);
    return { requestId, status: next.notice ?? status };
  }

  if (next.next === 'apply') {
    stage('applying');
    const applied: string = yield* awaitWriter(context, input, 'applying', 'approved');
    if (applied === 'failed') {
      stage('failed');
      return { requestId, status: 'failed' };
    }
    yield* notify(context, requestId, 'applied');
  }

  // Every applied rule has this timer: a resumed instance of an applied request lands here directly.
  stage('applied');
  yield context.df.createTimer(new Date(input.expiresAt));
  stage('expiring');
  yield* awaitWriter(context, input, 'expiring', 'expiry');
  yield* notify(context, requestId, 'removed');
  stage('expired');
  return { requestId, status: 'expired' };
};

function* notify(context: OrchestrationContext, requestId: string, notice: RequesterNotice): Generator<Task, void, unknown> {
  yield context.df.callActivity(ruleNames.notifyRequesterActivity, { requestId, notice });
}

/**
 * Signals the writer and waits for its ruleWritten event about this request. Stale events (a duplicate "applied"
 * while waiting for the expiry) are skipped; on a long silence the store decides and the writer is signalled again.
 */
function* awaitWriter(context: OrchestrationContext, input: RuleRequestOrchestrationInput, stageName: 'applying' | 'expiring', reason: string): Generator<Task, 'done' | 'failed', unknown> {
  const { requestId } = input;
  yield context.df.callActivity(ruleNames.signalWriterActivity, { requestId, reason });
  for (let round = 0; round < MAX_WRITER_ROUNDS; round++) {
    const written = context.df.waitForExternalEvent(ruleNames.writtenEvent);
    const patience = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + (input.writerPatienceInMs ?? writerPatienceInMs)));
    const winner: unknown = yield context.df.Task.any([written, patience]);
    if (winner === written) {
      patience.cancel();
      const verdict = writeSettles(stageName, (written.result as WriteOutcome).kind);
      if (verdict !== 'wait') return verdict;
      continue;
    }
    const stored = (yield context.df.callActivity(ruleNames.readStatusActivity, { requestId })) as RuleRequestStatus;
    const verdict = writeSettles(stageName, stored);
    if (verdict !== 'wait') return verdict;
    yield context.df.callActivity(ruleNames.signalWriterActivity, { requestId, reason: `${reason} (again)` });
  }
  return 'failed';
}
