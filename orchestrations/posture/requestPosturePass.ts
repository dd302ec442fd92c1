import type { DurableClient } from 'durable-functions';
import { postureNames } from './names';
import type { PosturePassInput } from './posturePassOrchestrator';

export type PostureRequestResult = 'started' | 'coalesced';

const running = new Set(['Running', 'Pending', 'ContinuedAsNew']);
const noSuchInstance = /^No instance with ID '.*' found\.$/;

/**
 * Asks for one posture pass of the estate: a `rerun` event into the running singleton (folded into one more pass),
 * else a new instance. Same protocol as drift's requestReconcile (see the warning there about events raised into an
 * instance that just completed): raise, look, start; a 409 means another request started it, so raise again.
 */
export async function requestPosturePass(client: DurableClient, reason: string): Promise<PostureRequestResult> {
  const instanceId = postureNames.instanceId;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const exists = await client.raiseEvent(instanceId, postureNames.rerunEvent, { reason }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof Error && noSuchInstance.test(error.message)) return false;
        throw error;
      },
    );
    if (exists) {
      const after = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
      if (after && running.has(String(after.runtimeStatus))) return 'coalesced';
    }
    try {
      await client.startNew(postureNames.orchestrator, { instanceId, input: { reasons: [reason], pass: 1 } satisfies PosturePassInput });
      return 'started';
    } catch (error) {
      if (!/status code: 409/.test(String(error))) throw error;
    }
  }
  throw new Error(`Could not start or signal the posture pass (instance ${instanceId}) after 3 attempts`);
}
