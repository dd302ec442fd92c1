import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import { durableClientStatusOf } from './durableClientStatus';

export type StartOrSignalResult = 'started' | 'coalesced';

export interface SingletonRequest {
  /** The fixed instance id that makes the orchestration a singleton. */
  readonly instanceId: string;
  readonly orchestrator: string;
  /** The input of a fresh instance. */
  readonly input: unknown;
  /** The event a running instance folds into (at most) one more pass. */
  readonly event: { readonly name: string; readonly data: unknown };
  /** Named in the error when every attempt lost a race: "the posture pass (instance posture)". */
  readonly what: string;
  readonly attempts: number;
  /**
   * Given the status read after the raise, waits while a running instance may still complete without reading the
   * event (drift's last look) and returns the status to trust. Default: the status as read.
   */
  readonly settle?: (status: DurableOrchestrationStatus | undefined, reread: () => Promise<DurableOrchestrationStatus | undefined>) => Promise<DurableOrchestrationStatus | undefined>;
}

const running = new Set(['Running', 'Pending', 'ContinuedAsNew']);
export const isRunning = (status: DurableOrchestrationStatus | undefined): status is DurableOrchestrationStatus => status !== undefined && running.has(String(status.runtimeStatus));

/**
 * Asks a singleton orchestration for one more pass: raises the event on the running instance, or starts it. Durable
 * keeps the singleton, so nothing here depends on which instance or worker process of the app asks.
 *
 * Why raise first: in a burst most requests find the instance running, and raise + one status read (2 Durable HTTP
 * calls) is then all it takes. An instance that never existed (or was purged) answers the raise with 404 and is
 * started at once (2 calls).
 *
 * WARNING: raiseEvent on an instance that has completed is accepted and dropped (HTTP 410, which the client
 * swallows, so it looks like a 202), so after raising we look at the instance: still running means our event is in
 * its history or, if it was dropped, that a later request started a fresh instance whose first pass comes after our
 * change; ended means we start a new instance (409: another request started it meanwhile, so we raise into that one
 * on the next round). At worst one extra, idempotent pass, never a lost request.
 */
export async function startOrSignal(client: DurableClient, request: SingletonRequest): Promise<StartOrSignalResult> {
  const { instanceId, event } = request;
  // getStatus throws for an instance Durable does not know (404); any failure to look reads as "not known to be
  // running", which leads to a start whose 409 says whether it was running after all.
  const look = () => client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
  for (let attempt = 0; attempt < request.attempts; attempt += 1) {
    const exists = await client.raiseEvent(instanceId, event.name, event.data).then(
      () => true,
      (error: unknown) => {
        if (durableClientStatusOf(error) === 404) return false;
        throw error;
      },
    );
    if (exists) {
      const after = request.settle ? await request.settle(await look(), look) : await look();
      if (isRunning(after)) return 'coalesced';
    }
    try {
      await client.startNew(request.orchestrator, { instanceId, input: request.input });
      return 'started';
    } catch (error) {
      // 409: another request started it between our raise and our start; raise into it on the next round instead.
      if (durableClientStatusOf(error) !== 409) throw error;
    }
  }
  throw new Error(`Could not start or signal ${request.what} after ${request.attempts} attempts`);
}
