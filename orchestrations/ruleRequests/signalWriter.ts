import type { DurableClient } from 'durable-functions';
import { startOrSignal, type StartOrSignalResult } from '../startOrSignal';
import { ruleNames, writerInstanceId } from './names';
import type { WriterInput } from './types';
import { writerSettleWindowInMs } from './ruleCollectionGroupWriter';

export type SignalResult = StartOrSignalResult;

/**
 * Asks the single writer of a group for one more pass: raises `rerun` on the running instance (coalesced into at
 * most one more pass), or starts it (see startOrSignal).
 */
export function signalWriter(client: DurableClient, policyId: string, groupName: string, reason: string): Promise<SignalResult> {
  const instanceId = writerInstanceId(policyId, groupName);
  return startOrSignal(client, {
    instanceId,
    orchestrator: ruleNames.writerOrchestrator,
    // The window is fixed at start: a running instance keeps it even if the constant changes in a later release.
    input: { policyId, groupName, pass: 1, reasons: [reason], settleWindowInMs: writerSettleWindowInMs } satisfies WriterInput,
    event: { name: ruleNames.rerunEvent, data: { reason } },
    what: `the rule writer ${instanceId}`,
    attempts: 5,
  });
}
