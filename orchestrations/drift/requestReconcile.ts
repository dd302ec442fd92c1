import type { DurableClient } from 'durable-functions';
import { driftNames, vnetInstanceId } from './names';
import { lastLookStage } from './vnetReconcileOrchestrator';
import { defaultDriftWindows, type RerunRequest, type VnetReconcileInput } from './types';
import type { ChangeActor } from '../../shared/core/events/resourceEvent';
import { isRunning, startOrSignal, type StartOrSignalResult } from '../startOrSignal';

export type ReconcileRequestResult = StartOrSignalResult;

/** How long a request waits for an instance in its last look to end (the final episode is one short replay). */
const lastLookPolls = 25;
const lastLookPollInMs = 200;
const stageOf = (status: { customStatus?: unknown }) => (status.customStatus as { stage?: unknown } | undefined)?.stage;

/**
 * Asks for one reconcile of a VNet. One singleton orchestration per VNet: when it is already running the request
 * becomes a `rerun` event, which the orchestration folds into at most one more pass (however many arrive); else a
 * new instance (see startOrSignal for the protocol and why a raise on an ended instance is looked after).
 *
 * An instance in its last look (custom status `last-look`) may still complete without reading our event, so we wait
 * for that episode to end before trusting "Running". At worst one extra, idempotent pass.
 */
export function requestReconcile(client: DurableClient, vnetId: string, reason: string, actor?: ChangeActor): Promise<ReconcileRequestResult> {
  const instanceId = vnetInstanceId(vnetId);
  const input: VnetReconcileInput = { vnetId, reasons: [reason], pass: 1, attempt: 0, windows: defaultDriftWindows, ...(actor ? { changedBy: [actor] } : {}) };
  const rerun: RerunRequest = { reason, ...(actor ? { actor } : {}) };
  return startOrSignal(client, {
    instanceId,
    orchestrator: driftNames.orchestrator,
    input,
    event: { name: driftNames.rerunEvent, data: rerun },
    what: `the reconcile of ${vnetId} (instance ${instanceId})`,
    attempts: 3,
    settle: async (status, reread) => {
      let after = status;
      for (let look = 0; look < lastLookPolls && isRunning(after) && stageOf(after) === lastLookStage; look += 1) {
        await new Promise((resolve) => setTimeout(resolve, lastLookPollInMs));
        after = await reread();
      }
      return after;
    },
  });
}
