import type { DurableClient } from 'durable-functions';
import { driftNames, vnetInstanceId } from './names';
import { lastLookStage } from './vnetReconcileOrchestrator';
import { defaultDriftWindows, type RerunRequest, type VnetReconcileInput } from './types';
import type { ChangeActor } from '../../shared/core/events/resourceEvent';

export type ReconcileRequestResult = 'started' | 'coalesced';

const running = new Set(['Running', 'Pending', 'ContinuedAsNew']);

/** How long a request waits for an instance in its last look to end (the final episode is one short replay). */
const lastLookPolls = 25;
const lastLookPollInMs = 200;
const stageOf = (status: { customStatus?: unknown }) => (status.customStatus as { stage?: unknown } | undefined)?.stage;

/** durable-functions' DurableClient.raiseEvent rejects with this when the instance does not exist (HTTP 404). */
const noSuchInstance = /^No instance with ID '.*' found\.$/;

/**
 * Asks for one reconcile of a VNet. One singleton orchestration per VNet: when it is already running the request
 * becomes a `rerun` event, which the orchestration folds into at most one more pass (however many arrive). Durable
 * keeps the singleton: nothing here depends on which instance or worker process of the app sends the request.
 *
 * Why raise first: in a burst most requests find the instance running, and raise + one status read (2 Durable
 * HTTP calls) is then all it takes. An instance that never existed (or was purged) answers the raise with 404 and
 * is started at once (2 calls).
 *
 * WARNING: raiseEvent on an instance that has completed is accepted and dropped (HTTP 410, which the client
 * swallows, so it looks like a 202), so after raising we look at the instance: still running means our event is
 * in its history or, if it was dropped, that a later request started a fresh instance whose first pass reads ARM
 * after our change; ended means we start a new instance (409: another request started it meanwhile, so we raise
 * into that one on the next round). An instance in its last look (custom status `last-look`) may still complete
 * without reading our event, so we wait for that episode to end first. At worst one extra, idempotent pass.
 */
export async function requestReconcile(client: DurableClient, vnetId: string, reason: string, actor?: ChangeActor): Promise<ReconcileRequestResult> {
  const instanceId = vnetInstanceId(vnetId);
  const input: VnetReconcileInput = { vnetId, reasons: [reason], pass: 1, attempt: 0, windows: defaultDriftWindows, ...(actor ? { changedBy: [actor] } : {}) };
  const rerun: RerunRequest = { reason, ...(actor ? { actor } : {}) };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const exists = await client.raiseEvent(instanceId, driftNames.rerunEvent, rerun).then(
      () => true,
      (error: unknown) => {
        if (error instanceof Error && noSuchInstance.test(error.message)) return false;
        throw error;
      },
    );
    if (exists) {
      let after = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
      // In its last look the instance may complete without reading our event: wait for that episode to end.
      for (let look = 0; look < lastLookPolls && after && running.has(String(after.runtimeStatus)) && stageOf(after) === lastLookStage; look += 1) {
        await new Promise((resolve) => setTimeout(resolve, lastLookPollInMs));
        after = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
      }
      if (after && running.has(String(after.runtimeStatus))) return 'coalesced';
    }
    try {
      await client.startNew(driftNames.orchestrator, { instanceId, input });
      return 'started';
    } catch (error) {
      // 409: another event started it between our raise and our start; raise into it on the next round instead.
      if (!/status code: 409/.test(String(error))) throw error;
    }
  }
  throw new Error(`Could not start or signal the reconcile of ${vnetId} (instance ${instanceId}) after 3 attempts`);
}
