import type { DurableClient } from 'durable-functions';
import { startOrSignal, type StartOrSignalResult } from '../startOrSignal';
import { postureNames } from './names';
import { postureSettleWindowInMs, type PosturePassInput } from './posturePassOrchestrator';

export type PostureRequestResult = StartOrSignalResult;

/**
 * Asks for one posture pass of the estate: a `rerun` event into the running singleton (folded into one more pass),
 * else a new instance (see startOrSignal).
 */
export function requestPosturePass(client: DurableClient, reason: string): Promise<PostureRequestResult> {
  const instanceId = postureNames.instanceId;
  return startOrSignal(client, {
    instanceId,
    orchestrator: postureNames.orchestrator,
    // The window is fixed at start: a running instance keeps it even if the constant changes in a later release.
    input: { reasons: [reason], pass: 1, settleWindowInMs: postureSettleWindowInMs } satisfies PosturePassInput,
    event: { name: postureNames.rerunEvent, data: { reason } },
    what: `the posture pass (instance ${instanceId})`,
    attempts: 3,
  });
}
