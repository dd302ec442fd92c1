/**
 * What HTTP says about retrying, shared by every Azure adapter (ARM through the SDKs, Teams through fetch). It only
 * decides; each caller owns its loop. The rules are the Azure SDK's own (@typespec/ts-http-runtime
 * retryStrategies/exponentialRetryStrategy.ts and throttlingRetryStrategy.ts).
 */

/** 408 and 429 are throttling/timeouts; 5xx except 501 (not implemented) and 505 (bad HTTP version) are transient. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110), in ms from `nowInMs`; undefined when absent or unreadable. */
export function parseRetryAfterInMs(header: string | null | undefined, nowInMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowInMs);
}
