import type { DurableClient } from 'durable-functions';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import { GuardError } from '../../shared/errors';
import { requestInstanceId, ruleNames } from './names';
import type { DecisionEvent, RuleRequestOrchestrationInput } from './types';
import { writerPatienceInMs } from './ruleRequestOrchestrator';

/** What ensureRequestProgress did: raised the decision on the live instance, (re)started it, or found it running. */
export type ProgressRepair = 'raised' | 'started' | 'running' | 'finished';

const LIVE = new Set(['Running', 'Pending', 'ContinuedAsNew', 'Suspended']);
/** Nothing is left to do for these: no instance is started for them (it would only notify the requester twice). */
const FINISHED = new Set(['rejected', 'expired', 'removed', 'failed']);

/** The input an orchestration gets when it is (re)started from the stored request rather than by the create. */
export function resumeInput(request: RuleRequest, approvalTimeoutInMs: number): RuleRequestOrchestrationInput {
  return {
    requestId: request.id,
    expiresAt: request.spec.expiresAt,
    approvalTimeoutInMs,
    // From the stored creation time: a restarted instance keeps the original approval deadline, not a fresh 72 h.
    approvalDeadline: new Date(Date.parse(request.createdAt) + approvalTimeoutInMs).toISOString(),
    resumed: true,
    writerPatienceInMs,
  };
}

/**
 * Makes sure a stored request has an orchestration that will move it on. The store is the authority; this repairs
 * the Durable side of whatever the store says:
 * - no instance, or one that ended (Completed/Failed/Terminated, purged): start it again from the stored request
 *   (`resumed`: it reads the stored status and continues from there; the instance id is fixed, so two repairs at
 *   once start it once);
 * - a finished request (rejected, expired, removed, failed) and no live instance: nothing to do ('finished');
 * - a live instance and `raiseDecision`: raise the decision (again). An orchestration that already took a decision
 *   never waits for another, so a second copy is ignored.
 * Decisions come from the instance's status, never from an error (the DurableClient's errors carry the HTTP status
 * only in their text): a failed raise (the instance ended meanwhile) or a failed start (another repair or the create
 * started it meanwhile) is followed by a fresh look. After three rounds the last failure is thrown.
 * Idempotent: every caller (create retried, approve retried, the sweep) may call it as often as it likes.
 */
export async function ensureRequestProgress(
  client: DurableClient,
  request: RuleRequest,
  approvalTimeoutInMs: number,
  options: { readonly raiseDecision: boolean },
): Promise<ProgressRepair> {
  const instanceId = requestInstanceId(request.id);
  let lastFailure: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const status = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
    const live = status !== undefined && LIVE.has(String(status.runtimeStatus));
    if (!live && FINISHED.has(request.status)) return 'finished';
    if (live) {
      if (!options.raiseDecision) return 'running';
      try {
        await client.raiseEvent(instanceId, ruleNames.decisionEvent, { status: request.status } satisfies DecisionEvent);
        return 'raised';
      } catch (failure) {
        lastFailure = failure;
        continue;
      }
    }
    try {
      await client.startNew(ruleNames.requestOrchestrator, { instanceId, input: resumeInput(request, approvalTimeoutInMs) });
      return 'started';
    } catch (failure) {
      lastFailure = failure;
    }
  }
  throw new RuleRequestProgressError(`Could not move rule request ${request.id} on: its orchestration ${instanceId} could not be raised or started (${lastFailure instanceof Error ? lastFailure.message : String(lastFailure)})`, { cause: lastFailure });
}

/** ensureRequestProgress gave up after its rounds; `cause` is the Durable client's last failure. */
export class RuleRequestProgressError extends GuardError<'rule-request-progress-failed'> {
  override readonly name = 'RuleRequestProgressError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('rule-request-progress-failed', message, options);
  }
}
