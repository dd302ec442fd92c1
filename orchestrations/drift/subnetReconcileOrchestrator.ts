import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { driftNames } from './names';
import type { DriftPassSummary, SubnetReconcileInput, SubnetReconcileOutput } from './types';

/** After a pass, how long more events may arrive and be folded into one more pass before the instance ends. */
export const settleWindowInMs = 3_000;

/**
 * Once a re-run is due, further events are folded into it until none arrived for `rerunQuietInMs`, for at most
 * `foldWindowInMs`. Trade-off: the first event of a burst always gets an immediate pass (that is what fixes drift);
 * during a continuing burst the follow-up pass waits for a lull, at most 10 s, so a burst spread over seconds costs
 * one extra pass rather than one per few hundred milliseconds.
 */
export const rerunQuietInMs = 1_500;
export const foldWindowInMs = 10_000;

const reasonOf = (result: unknown): string => (result as { reason?: string } | undefined)?.reason ?? 'rerun';

/** Transient ARM faults (throttling, 5xx, a locked resource) surface as activity errors: retried with back-off. */
const reconcileRetry = (() => {
  const options = new df.RetryOptions(2_000, 4);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 30_000;
  return options;
})();

/**
 * One singleton per subnet (instance id from subnetInstanceId): reconcile, tell Teams if something changed, then
 * wait a short settle window. Events raised meanwhile are buffered by Durable; one `rerun` wins and the instance
 * continues as new, dropping the other buffered ones: a burst of N events costs one extra pass, not N.
 */
export const subnetReconcileOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<SubnetReconcileInput>();
  context.df.setCustomStatus({ stage: 'reconciling', pass: input.pass, reasons: input.reasons });
  const summary: DriftPassSummary = yield context.df.callActivityWithRetry(driftNames.reconcileActivity, reconcileRetry, input);

  if (summary.notification) {
    context.df.setCustomStatus({ stage: 'notifying', pass: input.pass, outcome: summary.outcome });
    yield context.df.callActivity(driftNames.notifyActivity, summary.notification);
  }
  if (summary.outcome === 'failed') {
    // A permanent failure ends the instance as Failed, its reason in the output; the next event starts a fresh one.
    throw new Error(`Reconcile of ${input.subnetId} failed: ${summary.failure?.message ?? 'unknown reason'}`);
  }

  context.df.setCustomStatus({ stage: 'settling', pass: input.pass, outcome: summary.outcome, writes: summary.writes.length });
  const rerun = context.df.waitForExternalEvent(driftNames.rerunEvent);
  const settled = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + settleWindowInMs));
  // Boxed: an event raised without data still asks for a pass.
  let firstRerun: { data: unknown } | undefined = (yield context.df.Task.any([rerun, settled])) === rerun ? { data: rerun.result } : undefined;
  if (firstRerun === undefined) {
    // WARNING: an event raised while the episode that saw the timer fire was running would be dropped when the
    // instance completes (Durable discards unprocessed events), while the raiser saw it Running. One more, immediate
    // look at the inbox narrows that window to the final episode itself; the sweep covers what remains.
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
    const deadline = context.df.currentUtcDateTime.getTime() + foldWindowInMs;
    for (;;) {
      const until = Math.min(context.df.currentUtcDateTime.getTime() + rerunQuietInMs, deadline);
      if (until <= context.df.currentUtcDateTime.getTime()) break;
      const more = context.df.waitForExternalEvent(driftNames.rerunEvent);
      const quiet = context.df.createTimer(new Date(until));
      const next: unknown = yield context.df.Task.any([more, quiet]);
      if (next !== more) break;
      quiet.cancel();
      if (reasons.size < 5) reasons.add(reasonOf(more.result));
    }
    context.df.continueAsNew({ subnetId: input.subnetId, reasons: [...reasons], pass: input.pass + 1 } satisfies SubnetReconcileInput);
    return undefined;
  }
  const output: SubnetReconcileOutput = { subnetId: input.subnetId, passes: input.pass, last: summary };
  context.df.setCustomStatus({ stage: 'done', outcome: summary.outcome, passes: input.pass });
  return output;
};
