import type { DurableClient } from 'durable-functions';
import { driftNames, subnetInstanceId } from './names';
import type { SubnetReconcileInput } from './types';

export type ReconcileRequestResult = 'started' | 'coalesced';

const running = new Set(['Running', 'Pending', 'ContinuedAsNew']);

/**
 * Asks for one reconcile of a subnet. One singleton orchestration per subnet: when it is already running the
 * request becomes a `rerun` event, which the orchestration folds into at most one more pass (however many arrive).
 *
 * WARNING: raiseEvent on an instance that just completed is accepted and dropped (HTTP 410, which the client
 * swallows), so after raising we look again and start a new instance if it had already ended: at worst one extra,
 * idempotent pass; never a lost change.
 */
export async function requestReconcile(client: DurableClient, subnetId: string, reason: string): Promise<ReconcileRequestResult> {
  const instanceId = subnetInstanceId(subnetId);
  const input: SubnetReconcileInput = { subnetId, reasons: [reason], pass: 1 };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const status = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
    if (status && running.has(String(status.runtimeStatus))) {
      await client.raiseEvent(instanceId, driftNames.rerunEvent, { reason });
      const after = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
      if (after && running.has(String(after.runtimeStatus))) return 'coalesced';
      continue;
    }
    try {
      await client.startNew(driftNames.orchestrator, { instanceId, input });
      return 'started';
    } catch (error) {
      // 409: another event started it between our look and our start; raise on the next round instead.
      if (!/status code: 409/.test(String(error))) throw error;
    }
  }
  throw new Error(`Could not start or signal the reconcile of ${subnetId} (instance ${instanceId}) after 3 attempts`);
}
