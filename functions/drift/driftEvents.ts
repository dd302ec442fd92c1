import { app, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { affectsPosture, describeActor, isOwnChange, triageEvent } from '../../shared/core/events/resourceEvent';
import type { ChangeActor, ResourceChange } from '../../shared/core/events/resourceEvent';
import type { AffectedVnets } from '../../shared/azure/events/affectedVnets';
import type { SelfIdentity } from '../../shared/azure/selfIdentity';
import type { ReconcileRequestResult } from '../../orchestrations/drift/requestReconcile';
import type { PostureRequestResult } from '../../orchestrations/posture/requestPosturePass';

/** Name of the Event Grid trigger; infra/ subscribes Event Grid to exactly this function. */
export const driftEventsFunctionName = 'driftEvents';

export interface DriftEventsDeps {
  /** Who the app is in ARM's eyes (its own token), to recognise its own repairs; may throw (then: not own). */
  selfIdentity(): Promise<SelfIdentity | undefined>;
  /** The VNets a change can affect (affectedVnets.ts, ARM reads). */
  affectedVnets(change: ResourceChange): Promise<AffectedVnets>;
  /** requestReconcile (orchestrations/drift) on this invocation's Durable client. */
  requestReconcile(context: InvocationContext, vnetId: string, reason: string, actor?: ChangeActor): Promise<ReconcileRequestResult>;
  /** requestPosturePass (orchestrations/posture) on this invocation's Durable client. */
  requestPosturePass(context: InvocationContext, reason: string): Promise<PostureRequestResult>;
}

/**
 * ARM resource events -> one reconcile request per affected VNet. Events carry only a resource id: everything else
 * is re-read (duplicates and out-of-order deliveries, which Event Grid does produce, are harmless).
 * Foreign or malformed events (a bad resource id included) end here with a log line and a 2xx; only a failure to
 * reach ARM or Durable throws, so that Event Grid redelivers.
 */
export function driftEventsHandler(deps: DriftEventsDeps) {
  return (event: unknown, context: InvocationContext) => handleDriftEvent(deps, event, context);
}

async function handleDriftEvent(deps: DriftEventsDeps, event: unknown, context: InvocationContext): Promise<void> {
  const triage = triageEvent(event);
  if (!triage.handled) {
    context.log(`Ignored event ${describe(event)}: ${triage.reason}`);
    return;
  }
  const { change } = triage;
  // Posture first: the guard's own rule collection group writes change posture too.
  if (affectsPosture(change)) await deps.requestPosturePass(context, change.operationName);
  // The guard's own repairs come back as events too: they start no reconcile (no loop, no fight with itself).
  if (isOwnChange(change.actor, await deps.selfIdentity().catch(() => undefined))) {
    context.log(`${change.operationName} on ${change.resourceId}: the guard's own change, nothing to reconcile`);
    return;
  }
  const affected = await deps.affectedVnets(change);
  if (affected.vnetIds.length === 0) {
    context.log(`${change.operationName} on ${change.resourceId}: nothing to reconcile (${affected.note})`);
    return;
  }
  const results = await Promise.all(affected.vnetIds.map((vnetId) => deps.requestReconcile(context, vnetId, change.operationName, change.actor)));
  const started = results.filter((result) => result === 'started').length;
  context.log(
    `${change.operationName} on ${change.resourceId} by ${describeActor(change.actor)}: ${affected.vnetIds.length} VNet(s) (${affected.note}); ${started} reconcile(s) started, ${results.length - started} coalesced into running ones`,
  );
}

export function registerDriftEvents(deps: DriftEventsDeps): void {
  app.eventGrid(driftEventsFunctionName, { extraInputs: [df.input.durableClient()], handler: driftEventsHandler(deps) });
}

function describe(event: unknown): string {
  const { id, eventType } = (event ?? {}) as { id?: unknown; eventType?: unknown };
  return `${typeof id === 'string' ? id : '(no id)'} (${typeof eventType === 'string' ? eventType : 'no eventType'})`;
}
