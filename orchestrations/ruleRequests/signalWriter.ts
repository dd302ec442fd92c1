import type { DurableClient } from 'durable-functions';
import { startOrSignal, type StartOrSignalResult } from '../startOrSignal';
import { ruleNames, writerInstanceId } from './names';
import type { WriterInput } from './types';

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
    input: { policyId, groupName, pass: 1, reasons: [reason] } satisfies WriterInput,
    event: { name: ruleNames.rerunEvent, data: { reason } },
    what: `the rule writer ${instanceId}`,
    attempts: 5,
  });
}
