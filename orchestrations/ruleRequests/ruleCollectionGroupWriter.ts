import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { ruleNames } from './names';
import type { WritePassSummary, WriterInput } from './types';

/** After a pass, how long more signals may arrive and be folded into one more pass before the instance ends. */
export const writerSettleWindowInMs = 2_000;

/**
 * Busy policy (409 AnotherOperationInProgress), moved etag (412), throttling (429) and 5xx surface as activity
 * errors: retried with back-off. The SDK pipeline retries 429/5xx with Retry-After underneath as well.
 */
export const writePassRetry = (() => {
  const options = new df.RetryOptions(1_000, 10);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 15_000;
  return options;
})();

/**
 * The single writer of one rule collection group (instance id per policy + group, see writerInstanceId). Azure
 * refuses concurrent writes to one policy (409) and a group PUT replaces the whole group, so concurrent
 * read-modify-writes from many requests would fight or lose rules. Here one pass at a time reconciles the group to
 * the full approved set; signals arriving meanwhile are buffered and coalesced into one more pass (continueAsNew),
 * like drift's subnet orchestration.
 */
export const ruleCollectionGroupWriter: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<WriterInput>();
  context.df.setCustomStatus({ stage: 'writing', pass: input.pass, reasons: input.reasons });
  const summary: WritePassSummary = yield context.df.callActivityWithRetry(ruleNames.writePassActivity, writePassRetry, input);
  if (summary.outcomes.length > 0) {
    context.df.setCustomStatus({ stage: 'reporting', pass: input.pass });
    yield context.df.callActivity(ruleNames.reportOutcomesActivity, summary.outcomes);
  }

  context.df.setCustomStatus({ stage: 'settling', pass: input.pass, changed: summary.changed, diff: summary.diff, failure: summary.failure ?? null });
  const rerun = context.df.waitForExternalEvent(ruleNames.rerunEvent);
  const settled = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + (input.settleWindowInMs ?? writerSettleWindowInMs)));
  const first: unknown = yield context.df.Task.any([rerun, settled]);
  if (first === rerun) {
    settled.cancel();
    const reason = (rerun.result as { reason?: string } | undefined)?.reason ?? 'rerun';
    context.df.continueAsNew({ ...input, pass: input.pass + 1, reasons: [reason] } satisfies WriterInput);
    return undefined;
  }
  context.df.setCustomStatus({ stage: 'done', passes: input.pass, changed: summary.changed });
  return { passes: input.pass, last: summary };
};
