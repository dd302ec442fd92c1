import type { RetryOptionsPayload } from './actions';

/**
 * Delay before the next attempt, as DurableTask.Core's RetryInterceptor computes it:
 * firstRetryInterval * backoffCoefficient^(failedAttempts - 1), capped by maxRetryInterval.
 *
 * Why a timer even after the last attempt: the JS SDK's RetryableTask only fails the task once the retry timer that
 * follows the last failure has fired (RetryableTask.trySetValue), and DTFx's interceptor creates that timer too.
 */
export function retryDelayInMs(options: RetryOptionsPayload, failedAttempts: number): number {
  const coefficient = options.backoffCoefficient && options.backoffCoefficient > 0 ? options.backoffCoefficient : 1;
  const delay = options.firstRetryIntervalInMilliseconds * coefficient ** Math.max(0, failedAttempts - 1);
  const cap = options.maxRetryIntervalInMilliseconds && options.maxRetryIntervalInMilliseconds > 0
    ? options.maxRetryIntervalInMilliseconds
    : Number.POSITIVE_INFINITY;
  return Math.min(delay, cap);
}

/** After the retry timer fires: another attempt, or give up (the SDK then fails the task with the last error). */
export const shouldAttemptAgain = (options: RetryOptionsPayload, failedAttempts: number): boolean =>
  failedAttempts < options.maxNumberOfAttempts;
