import type { DurableClient } from 'durable-functions';
import { ruleNames, writerInstanceId } from './names';
import type { WriterInput } from './types';

export type SignalResult = 'started' | 'coalesced';

const running = new Set(['Running', 'Pending', 'ContinuedAsNew']);

/**
 * Asks the single writer of a group for one more pass: starts it, or raises `rerun` on the running instance
 * (coalesced into at most one more pass). As in drift's requestReconcile: raiseEvent on an instance that just
 * completed is dropped (410), so we look again afterwards and start a fresh one if it ended; at worst one extra,
 * idempotent pass, never a lost request.
 */
export async function signalWriter(client: DurableClient, policyId: string, groupName: string, reason: string): Promise<SignalResult> {
  const instanceId = writerInstanceId(policyId, groupName);
  const input: WriterInput = { policyId, groupName, pass: 1, reasons: [reason] };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const status = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
    if (status && running.has(String(status.runtimeStatus))) {
      await client.raiseEvent(instanceId, ruleNames.rerunEvent, { reason });
      const after = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
      if (after && running.has(String(after.runtimeStatus))) return 'coalesced';
      continue;
    }
    try {
      await client.startNew(ruleNames.writerOrchestrator, { instanceId, input });
      return 'started';
    } catch (error) {
      // 409: another request started it between our look and our start; raise on the next round instead.
      if (!/status code: 409/.test(String(error))) throw error;
    }
  }
  throw new Error(`Could not start or signal the rule writer ${instanceId} after 5 attempts`);
}
