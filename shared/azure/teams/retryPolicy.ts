/** When and how long to wait before posting to Teams again. Decides only; the poster owns the loop. */

/** Longest wait we honour: a Function invocation should not sleep for minutes on one message. */
export const MAX_RETRY_DELAY_IN_MS = 30_000;
const BASE_DELAY_IN_MS = 1_000;

export { isRetryableStatus, parseRetryAfterInMs } from '../httpRetry';

/**
 * Delay before attempt `attempt + 1`: the server's Retry-After when given, else exponential backoff with jitter
 * (1 s, 2 s, 4 s ...), both capped at MAX_RETRY_DELAY_IN_MS.
 */
export function retryDelayInMs(attempt: number, retryAfterInMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterInMs !== undefined) return Math.min(retryAfterInMs, MAX_RETRY_DELAY_IN_MS);
  const exponential = BASE_DELAY_IN_MS * 2 ** Math.max(0, attempt - 1);
  const jitter = 0.8 + random() * 0.4; // +-20% so parallel senders do not retry in step
  return Math.min(Math.round(exponential * jitter), MAX_RETRY_DELAY_IN_MS);
}
