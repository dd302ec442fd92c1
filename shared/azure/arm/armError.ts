import { isRestError } from '@azure/core-rest-pipeline';
import { isRetryableStatus, parseRetryAfterInMs } from '../httpRetry';
import { isArmOperationFailedError, type ArmOperationFailedError } from './armOperationFailure';
import { linkedAuthorizationFailedCode, parseLinkedAuthorizationFailure, type LinkedAuthorizationFailure } from './linkedAuthorization';

/**
 * The one reading of what an Azure SDK call threw: the HTTP status, ARM's error code and whether the same call may
 * succeed later. Like the SDK's own retry strategies it only decides; each caller (the drift reconcile loop, the
 * rule writer's activity retries, the stores) owns its loop. ARM error shapes: docs in /work/shared/design
 * arm-contract.md sections 3 and 8 (RestError: `statusCode`, `code` = body `error.code`, `details` = parsed body).
 */

/** Stable kebab-case kinds; the drift findings and cards show them. */
export type ArmErrorCode =
  | 'arm-unauthorized'
  | 'arm-forbidden'
  | 'arm-not-found'
  | 'concurrent-modification'
  | 'arm-throttled'
  | 'arm-busy'
  | 'arm-unavailable'
  | 'arm-rejected'
  | 'arm-unreachable'
  | 'arm-operation-failed'
  | 'arm-operation-canceled'
  | 'unexpected-error';

export interface ArmErrorClass {
  readonly code: ArmErrorCode;
  /** true: the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;
  /** What the server asked us to wait (Retry-After and the SDK's ms variants), in ms; undefined when it sent none. */
  readonly retryAfterInMs?: number;
  /** The HTTP status of a RestError; undefined for anything else (a Failed LRO, a network error, a bug). */
  readonly statusCode?: number;
  /** ARM's own code (`AuthorizationFailed`, `RetryableError`, ...), also a Failed LRO's (its terminal body's `error.code`). */
  readonly armCode?: string;
  /** A 403 LinkedAuthorizationFailed read into what to grant where. */
  readonly linkedAuthorization?: LinkedAuthorizationFailure;
  /** The error's own message (first-line text from the SDK), or String(error). */
  readonly message: string;
}

/**
 * ARM codes that mean "busy, try again" whatever the status: 429 RetryableError with details
 * RetryableErrorDueToAnotherOperation, ReferencedResourceNotProvisioned (also as a 400), 409 or a Failed operation
 * with AnotherOperationInProgress (arm-contract.md section 3, "Busy resource" in section 8).
 */
const busyArmCodes = new Set(['AnotherOperationInProgress', 'RetryableError', 'RetryableErrorDueToAnotherOperation', 'ReferencedResourceNotProvisioned']);

/** The SDK's ms headers first, then Retry-After, as @typespec/ts-http-runtime throttlingRetryStrategy.ts reads them. */
const retryAfterMsHeaders = ['retry-after-ms', 'x-ms-retry-after-ms'];

/** The HTTP status of an Azure SDK error (ARM, Tables, Logs all throw RestError); undefined for anything else. */
export function statusCodeOf(error: unknown): number | undefined {
  return isRestError(error) ? error.statusCode : undefined;
}

/** Retry-After of a RestError's response, in ms from `now`. */
export function retryAfterInMsOf(error: unknown, now: number = Date.now()): number | undefined {
  const headers = isRestError(error) ? error.response?.headers : undefined;
  if (headers === undefined) return undefined;
  for (const name of retryAfterMsHeaders) {
    const value = headers.get(name)?.trim();
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return parseRetryAfterInMs(headers.get('retry-after'), now);
}

export function classifyArmError(error: unknown, now: number = Date.now()): ArmErrorClass {
  const message = error instanceof Error ? error.message : String(error);
  if (isArmOperationFailedError(error)) return classifyOperationFailure(error);
  if (!isRestError(error)) return { message, code: 'unexpected-error', retryable: false };

  const status = error.statusCode;
  const armCode = error.code;
  const retryAfterInMs = retryAfterInMsOf(error, now);
  const base = { message, ...(status === undefined ? {} : { statusCode: status }), ...(armCode === undefined ? {} : { armCode }), ...(retryAfterInMs === undefined ? {} : { retryAfterInMs }) };
  const busy = [armCode, ...detailCodesOf(error.details)].some((code) => code !== undefined && busyArmCodes.has(code));

  if (status === 401) return { ...base, code: 'arm-unauthorized', retryable: false };
  if (status === 403) {
    const linkedAuthorization = armCode === linkedAuthorizationFailedCode ? parseLinkedAuthorizationFailure(error) : undefined;
    return { ...base, code: 'arm-forbidden', retryable: false, ...(linkedAuthorization ? { linkedAuthorization } : {}) };
  }
  if (status === 404) return { ...base, code: 'arm-not-found', retryable: false };
  if (status === 412) return { ...base, code: 'concurrent-modification', retryable: true };
  if (status === 429) return { ...base, code: 'arm-throttled', retryable: true };
  if (status === 409 || busy) return { ...base, code: 'arm-busy', retryable: true };
  if (status !== undefined && isRetryableStatus(status)) return { ...base, code: 'arm-unavailable', retryable: true };
  if (status !== undefined) return { ...base, code: 'arm-rejected', retryable: false };
  // No status: the request never got an answer (REQUEST_SEND_ERROR: reset, DNS, TLS).
  return { ...base, code: armCode === 'REQUEST_SEND_ERROR' ? 'arm-unreachable' : 'unexpected-error', retryable: armCode === 'REQUEST_SEND_ERROR' };
}

/** An LRO that ended Failed or Canceled (withRawJson reads it from the operation's terminal answer, armOperationFailure.ts). */
function classifyOperationFailure(error: ArmOperationFailedError): ArmErrorClass {
  const { message, armCode, status } = error;
  const base = { message, ...(armCode === undefined ? {} : { armCode }) };
  if (status === 'Canceled') return { ...base, code: 'arm-operation-canceled', retryable: true };
  const busy = [armCode, ...error.armDetailCodes].some((code) => code !== undefined && busyArmCodes.has(code));
  return { ...base, code: busy ? 'arm-busy' : 'arm-operation-failed', retryable: busy };
}

/** Codes of `details` in ARM's body (`{error:{details:[{code}]}}`), as the SDK parses it onto RestError.details. */
function detailCodesOf(details: unknown): string[] {
  const body = (details as { error?: { details?: unknown } } | undefined)?.error ?? details;
  const list = (body as { details?: unknown } | undefined)?.details;
  if (!Array.isArray(list)) return [];
  return list.map((detail: unknown) => (detail as { code?: unknown } | undefined)?.code).filter((code): code is string => typeof code === 'string');
}
