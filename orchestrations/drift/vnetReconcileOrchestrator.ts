import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { activityRetry, retryBudget } from '../../shared/core/drift/retryBudget';
import { driftNames } from './names';
import type { ChangeActor } from '../../shared/core/events/resourceEvent';
import type { RerunRequest, VnetPassRequest, VnetPassSummary, VnetReconcileInput, VnetReconcileOutput } from './types';

/** Custom status of the episode before the final one (see requestReconcile). */
export const lastLookStage = 'last-look';

const reasonOf = (result: unknown): string => (result as RerunRequest | undefined)?.reason ?? 'rerun';
const actorOf = (result: unknown): ChangeActor | undefined => (result as RerunRequest | undefined)?.actor;
/** The callers kept for the next pass: the most recent few, enough to name who broke it. */
const latestActors = (actors: readonly ChangeActor[]) => actors.slice(-3);

/** Retries of the pass activity itself (a storage or worker failure); ARM refusals come back as data, not errors. */
const passActivityRetry = (() => {
  const options = new df.RetryOptions(activityRetry.firstDelayInMs, activityRetry.attempts);
  options.backoffCoefficient = activityRetry.backoffCoefficient;
  return options;
})();

/**
 * One singleton per VNet (instance id from vnetInstanceId): a VNet and its subnets are one etag family, so one
 * reconcile at a time per VNet is what keeps sibling writes from refusing each other, on any number of instances
 * and worker processes. Durable keeps the singleton, not the process.
 *
 * pass -> notify -> (retry after a durable timer | settle window). Events raised meanwhile are buffered by Durable;
 * one `rerun` wins and the instance continues as new, dropping the other buffered ones (passes are level-triggered:
 * the next one re-reads everything). The windows come with the input, so replay sees the values the instance
 * started with.
 */
export const vnetReconcileOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<VnetReconcileInput>();
  const { windows } = input;
  context.df.setCustomStatus({ stage: 'reconciling', pass: input.pass, attempt: input.attempt, reasons: input.reasons });
  const request: VnetPassRequest = {
    vnetId: input.vnetId,
    reasons: input.reasons,
    pass: input.pass,
    attempt: input.attempt,
    finalAttempt: input.attempt + 1 >= retryBudget.passAttempts,
    ...(input.changedBy?.length ? { changedBy: input.changedBy } : {}),
  };
  let summary: VnetPassSummary;
  try {
    summary = yield context.df.callActivityWithRetry(driftNames.reconcileActivity, passActivityRetry, request);
  } catch (error) {
    // Never silent: the subnets are recorded failed with the reason and Teams hears it once.
    const message = error instanceof Error ? error.message : String(error);
    summary = yield context.df.callActivity(driftNames.recordFailureActivity, { vnetId: input.vnetId, message });
  }

  if (summary.notifications.length > 0) {
    context.df.setCustomStatus({ stage: 'notifying', pass: input.pass, subnets: summary.notifications.length });
    yield context.df.Task.all(summary.notifications.map((notification) => context.df.callActivity(driftNames.notifyActivity, notification)));
  }

  if (summary.kind === 'retry') {
    // ARM refused retryably (busy, throttled): try again after a durable timer, not a sleep in a worker.
    context.df.setCustomStatus({ stage: 'waiting-to-retry', pass: input.pass, attempt: input.attempt, failure: summary.failure?.message });
    // Reruns raised meanwhile are read while waiting (Durable drops what is unread at continue-as-new): the retry
    // re-reads everything anyway, but their callers are kept so the card can still say who changed it.
    const reasons = new Set(['retry']);
    const actors: ChangeActor[] = [...(input.changedBy ?? [])];
    const retryAt = new Date(context.df.currentUtcDateTime.getTime() + (summary.retryInMs ?? 0));
    for (;;) {
      const more = context.df.waitForExternalEvent(driftNames.rerunEvent);
      const due = context.df.createTimer(retryAt);
      if ((yield context.df.Task.any([more, due])) !== more) break;
      due.cancel();
      if (reasons.size < 5) reasons.add(reasonOf(more.result));
      const actor = actorOf(more.result);
      if (actor) actors.push(actor);
    }
    const { changedBy: _earlier, ...rest } = input;
    context.df.continueAsNew({ ...rest, attempt: input.attempt + 1, reasons: [...reasons], ...(actors.length > 0 ? { changedBy: latestActors(actors) } : {}) } satisfies VnetReconcileInput);
    return undefined;
  }

  context.df.setCustomStatus({ stage: 'settling', pass: input.pass, subnets: summary.subnets.length });
  const rerun = context.df.waitForExternalEvent(driftNames.rerunEvent);
  const settled = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + windows.settleInMs));
  // Boxed: an event raised without data still asks for a pass.
  let firstRerun: { data: unknown } | undefined = (yield context.df.Task.any([rerun, settled])) === rerun ? { data: rerun.result } : undefined;
  if (firstRerun === undefined) {
    // WARNING: an event raised while the episode that saw the timer fire was running would be dropped when the
    // instance completes (Durable discards unprocessed events), while the raiser saw it Running. One more, immediate
    // look at the inbox narrows that window to the final episode itself; the `last-look` status tells requestReconcile
    // that it is in that window, so it waits for the end and starts a fresh instance if this one completed.
    context.df.setCustomStatus({ stage: lastLookStage, pass: input.pass });
    const lastRerun = context.df.waitForExternalEvent(driftNames.rerunEvent);
    const lastCall = context.df.createTimer(context.df.currentUtcDateTime);
    if ((yield context.df.Task.any([lastRerun, lastCall])) === lastRerun) firstRerun = { data: lastRerun.result };
  } else {
    settled.cancel();
  }
  if (firstRerun !== undefined) {
    // A burst that outlasts this pass keeps raising: fold everything until a lull (or the fold window) into the one
    // next pass, instead of one pass per event that arrived while a pass ran.
    const reasons = new Set([reasonOf(firstRerun.data)]);
    const actors: ChangeActor[] = [];
    const keep = (data: unknown) => {
      const actor = actorOf(data);
      if (actor) actors.push(actor);
    };
    keep(firstRerun.data);
    const deadline = context.df.currentUtcDateTime.getTime() + windows.foldWindowInMs;
    for (;;) {
      const until = Math.min(context.df.currentUtcDateTime.getTime() + windows.rerunQuietInMs, deadline);
      if (until <= context.df.currentUtcDateTime.getTime()) break;
      const more = context.df.waitForExternalEvent(driftNames.rerunEvent);
      const quiet = context.df.createTimer(new Date(until));
      const next: unknown = yield context.df.Task.any([more, quiet]);
      if (next !== more) break;
      quiet.cancel();
      if (reasons.size < 5) reasons.add(reasonOf(more.result));
      keep(more.result);
    }
    context.df.continueAsNew({
      vnetId: input.vnetId,
      reasons: [...reasons],
      pass: input.pass + 1,
      attempt: 0,
      windows,
      ...(actors.length > 0 ? { changedBy: latestActors(actors) } : {}),
    } satisfies VnetReconcileInput);
    return undefined;
  }
  const output: VnetReconcileOutput = { vnetId: input.vnetId, passes: input.pass, last: summary };
  context.df.setCustomStatus({ stage: 'done', passes: input.pass });
  return output;
};
