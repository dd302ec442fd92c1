/** When and how long to wait before posting to Teams again. Decides only; the poster owns the loop. */

/** Longest wait we honour: a Function invocation should not sleep for minutes on one message. */
export const MAX_RETRY_DELAY_IN_MS = 30_000;
const BASE_DELAY_IN_MS = 1_000;

/** 408 and 429 are throttling/timeouts; 5xx except 501 (not implemented) and 505 (bad HTTP version) are transient. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Retry-After as delay-seconds or an HTTP date, in ms from `nowInMs`; undefined when absent or unreadable. */
export function parseRetryAfterInMs(header: string | null | undefined, nowInMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowInMs);
}

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
