import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import { GuardError } from '../shared/errors';

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

/** startOrSignal gave up: every attempt lost a race or failed; `cause` is the last failure, if any. */
export class SingletonRequestError extends GuardError<'singleton-request-failed'> {
  override readonly name = 'SingletonRequestError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('singleton-request-failed', message, options);
  }
}

/**
 * Asks a singleton orchestration for one more pass: raises the event on the running instance, or starts it. Durable
 * keeps the singleton, so nothing here depends on which instance or worker process of the app asks.
 *
 * Why raise first: in a burst most requests find the instance running, and raise + one status read (2 Durable HTTP
 * calls) is then all it takes. An instance that never existed (or was purged) refuses the raise and is started at
 * once (2 calls).
 *
 * Decisions come from the instance's status, never from an error: durable-functions' DurableClient turns every
 * refusal into a plain Error whose only trace of the HTTP status is its text. So a failed raise or start is not
 * interpreted; the next round looks again. A failed raise (no such instance) leads to a start; a failed start (most
 * often another request started it meanwhile) leads to a raise into whatever is running now. After `attempts` rounds
 * the last failure is thrown.
 *
 * WARNING: raiseEvent on an instance that has completed is accepted and dropped (HTTP 410, which the client
 * swallows, so it looks like a 202), so after raising we look at the instance: still running means our event is in
 * its history or, if it was dropped, that a later request started a fresh instance whose first pass comes after our
 * change; ended means we start a new instance. At worst one extra, idempotent pass, never a lost request.
 */
export async function startOrSignal(client: DurableClient, request: SingletonRequest): Promise<StartOrSignalResult> {
  const { instanceId, event } = request;
  // Any failure to look reads as "not known to be running", which leads to a start (refused if it runs after all).
  const look = () => client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
  let lastFailure: unknown;
  for (let attempt = 0; attempt < request.attempts; attempt += 1) {
    const raised = await client.raiseEvent(instanceId, event.name, event.data).then(
      () => true,
      (failure: unknown) => {
        lastFailure = failure;
        return false;
      },
    );
    if (raised) {
      const after = request.settle ? await request.settle(await look(), look) : await look();
      if (isRunning(after)) return 'coalesced';
    }
    try {
      await client.startNew(request.orchestrator, { instanceId, input: request.input });
      return 'started';
    } catch (failure) {
      lastFailure = failure;
    }
  }
  const why = lastFailure === undefined ? 'every instance found had ended' : `last failure: ${lastFailure instanceof Error ? lastFailure.message : String(lastFailure)}`;
  throw new SingletonRequestError(`Could not start or signal ${request.what} after ${request.attempts} attempts (${why})`, { cause: lastFailure });
}
