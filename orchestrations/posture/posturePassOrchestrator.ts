import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import type { PosturePassSummary } from '../../shared/runtime/posturePass';
import { postureNames } from './names';

export interface PosturePassInput {
  readonly reasons: readonly string[];
  readonly pass: number;
  /** Settle window after a pass (absent: postureSettleWindowInMs). Fixed at start and kept by continue-as-new. */
  readonly settleWindowInMs?: number;
}

/** After a pass, how long further events are folded into one more pass before the instance ends. */
export const postureSettleWindowInMs = 3_000;

const passRetry = (() => {
  const options = new df.RetryOptions(2_000, 4);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 30_000;
  return options;
})();

/**
 * The estate's posture pass as a singleton: evaluate every cluster, post one card if anything changed, then wait a
 * settle window. Events raised meanwhile are buffered by Durable; one `rerun` continues the instance as new (the
 * others are dropped), so a burst of events costs one more pass and at most one more card, never one per event.
 */
export const posturePassOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<PosturePassInput>();
  context.df.setCustomStatus({ stage: 'evaluating', pass: input.pass, reasons: input.reasons });
  const summary: PosturePassSummary = yield context.df.callActivityWithRetry(postureNames.passActivity, passRetry, input);
  if (summary.notification) {
    context.df.setCustomStatus({ stage: 'notifying', pass: input.pass });
    yield context.df.callActivity(postureNames.notifyActivity, summary.notification);
  }
  context.df.setCustomStatus({ stage: 'settling', pass: input.pass, clusters: summary.clusters, failing: summary.failing });
  const rerun = context.df.waitForExternalEvent(postureNames.rerunEvent);
  const settled = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + (input.settleWindowInMs ?? postureSettleWindowInMs)));
  if ((yield context.df.Task.any([rerun, settled])) === rerun) {
    settled.cancel();
    const reason = (rerun.result as { reason?: string } | undefined)?.reason ?? 'rerun';
    const window = input.settleWindowInMs === undefined ? {} : { settleWindowInMs: input.settleWindowInMs };
    context.df.continueAsNew({ reasons: [reason], pass: input.pass + 1, ...window } satisfies PosturePassInput);
    return undefined;
  }
  context.df.setCustomStatus({ stage: 'done', passes: input.pass, clusters: summary.clusters, failing: summary.failing });
  return { passes: input.pass, clusters: summary.clusters, failing: summary.failing };
};
