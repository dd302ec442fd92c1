import type { DurableClient } from 'durable-functions';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import { durableClientStatusOf } from '../durableClientStatus';
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
 *   once start it once and the loser's 409 is a success);
 * - a finished request (rejected, expired, removed, failed) and no live instance: nothing to do ('finished');
 * - a live instance and `raiseDecision`: raise the decision (again). An orchestration that already took a decision
 *   never waits for another, so a second copy is ignored; a raise that lands on an instance that just ended (410)
 *   falls back to a start.
 * Idempotent: every caller (create retried, approve retried, the sweep) may call it as often as it likes.
 */
export async function ensureRequestProgress(
  client: DurableClient,
  request: RuleRequest,
  approvalTimeoutInMs: number,
  options: { readonly raiseDecision: boolean },
): Promise<ProgressRepair> {
  const instanceId = requestInstanceId(request.id);
  for (let attempt = 0; attempt < 3; attempt++) {
    const status = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
    const live = status !== undefined && LIVE.has(String(status.runtimeStatus));
    if (!live && FINISHED.has(request.status)) return 'finished';
    if (live) {
      if (!options.raiseDecision) return 'running';
      try {
        await client.raiseEvent(instanceId, ruleNames.decisionEvent, { status: request.status } satisfies DecisionEvent);
        return 'raised';
      } catch (error) {
        const status = durableClientStatusOf(error);
        if (status !== 404 && status !== 410) throw error;
        continue; // it ended (or was purged) between our look and the raise: start it again
      }
    }
    try {
      await client.startNew(ruleNames.requestOrchestrator, { instanceId, input: resumeInput(request, approvalTimeoutInMs) });
      return 'started';
    } catch (error) {
      // 409: another repair (or the create) started it meanwhile; look again and raise on it if asked.
      if (durableClientStatusOf(error) !== 409) throw error;
    }
  }
  return 'running';
}
