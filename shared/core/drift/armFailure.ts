/**
 * Turns anything an ARM call threw into a reason a person can act on. Duck-typed on RestError's `statusCode` and
 * `code` (core stays free of the SDK); the LRO poller throws a plain Error for a Failed operation.
 */
export interface ReconcileFailure {
  /** Stable kebab-case: arm-forbidden, arm-not-found, arm-throttled, concurrent-modification, ... */
  readonly code: string;
  readonly message: string;
  /** true: the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;
  readonly statusCode?: number;
  /** ARM's own error code (`AuthorizationFailed`, `InUseRouteTableCannotBeDeleted`, ...). */
  readonly armCode?: string;
  readonly resourceId?: string;
  /** ARM's Retry-After (429, 503, a busy resource), in ms; undefined when it sent none. */
  readonly retryAfterInMs?: number;
  /**
   * A 403 `LinkedAuthorizationFailed`: what to grant where so the write goes through (the adapter reads it from
   * ARM's message, see shared/azure/arm/linkedAuthorization.ts, and attaches it to the error as `linkedAuthorization`).
   */
  readonly grant?: GrantNeeded;
  /** Finding codes the refused write would have repaired (its `reason`), when a write was refused. */
  readonly findingCodes?: readonly string[];
}

/** What a LinkedAuthorizationFailed asks for: the join/peer action, the linked scope(s), one sentence to show. */
export interface GrantNeeded {
  readonly action: string;
  readonly scopes: readonly string[];
  /** "grant <action> on <scope>[, <scope>]" (or why a grant alone does not do it: a deny assignment, an unknown subscription). */
  readonly sentence: string;
}

interface ErrorLike {
  readonly message?: unknown;
  readonly statusCode?: unknown;
  readonly code?: unknown;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } };
  readonly linkedAuthorization?: GrantNeeded;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110), from a RestError's response. */
export function retryAfterOf(error: unknown, now: number = Date.now()): number | undefined {
  const header = (error as ErrorLike | undefined)?.response?.headers?.get?.('retry-after');
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** ARM codes that mean "busy, try again" even on a 400 or inside a Failed operation. */
const transientArmCodes = ['AnotherOperationInProgress', 'RetryableError', 'RetryableErrorDueToAnotherOperation', 'ReferencedResourceNotProvisioned'];

export function isPreconditionFailed(error: unknown): boolean {
  return (error as ErrorLike | undefined)?.statusCode === 412;
}

export function failureFromError(error: unknown, context: { action: string; resourceId?: string }): ReconcileFailure {
  const { message: rawMessage, statusCode, code } = (error ?? {}) as ErrorLike;
  const message = typeof rawMessage === 'string' ? rawMessage : String(error);
  const armCode = typeof code === 'string' ? code : undefined;
  const status = typeof statusCode === 'number' ? statusCode : undefined;
  const where = context.resourceId === undefined ? context.action : `${context.action} ${context.resourceId}`;
  const retryAfterInMs = retryAfterOf(error);
  const base = { statusCode: status, armCode, resourceId: context.resourceId, ...(retryAfterInMs === undefined ? {} : { retryAfterInMs }) };
  const transient = transientArmCodes.some((name) => armCode === name || message.includes(name));
  if (status === 401) return { ...base, code: 'arm-unauthorized', retryable: false, message: `ARM rejected the app's token for ${where}: ${message}` };
  const grant = status === 403 ? grantOf(error) : undefined;
  if (grant !== undefined) {
    return {
      ...base,
      code: 'arm-linked-authorization-failed',
      retryable: false,
      grant,
      message: `Not allowed to ${where}: ${grant.sentence} (ARM's LinkedAuthorizationFailed: the body references a resource the app's identity may not join or peer; see docs/deploy.md, linked_resource_scopes). ARM said: ${message}`,
    };
  }
  if (status === 403) {
    return { ...base, code: 'arm-forbidden', retryable: false, message: `The app's identity may not ${where} (grant the RBAC action, see networkArmActions): ${message}` };
  }
  if (status === 404) return { ...base, code: 'arm-not-found', retryable: false, message: `Not found while trying to ${where}: ${message}` };
  if (status === 412) return { ...base, code: 'concurrent-modification', retryable: true, message: `Changed by someone else while trying to ${where}: ${message}` };
  if (status === 429) return { ...base, code: 'arm-throttled', retryable: true, message: `ARM throttled or locked the resource while trying to ${where}: ${message}` };
  if (status === 409 || transient) return { ...base, code: 'arm-busy', retryable: true, message: `Another operation is in progress; could not ${where}: ${message}` };
  if (status !== undefined && status >= 500) return { ...base, code: 'arm-unavailable', retryable: true, message: `ARM failed (${status}) while trying to ${where}: ${message}` };
  if (status !== undefined && status >= 400) return { ...base, code: 'arm-rejected', retryable: false, message: `ARM rejected ${where} (${armCode ?? status}): ${message}` };
  if (armCode === 'REQUEST_SEND_ERROR') return { ...base, code: 'arm-unreachable', retryable: true, message: `Could not reach ARM to ${where}: ${message}` };
  if (message.startsWith('The long-running operation has failed')) return { ...base, code: 'arm-operation-failed', retryable: false, message: `${where}: ${message}` };
  if (message === 'Operation was canceled') return { ...base, code: 'arm-operation-canceled', retryable: true, message: `${where}: the operation was canceled` };
  return { ...base, code: 'unexpected-error', retryable: false, message: `${where}: ${message}` };
}

/** The grant the adapter found in a 403 LinkedAuthorizationFailed, duck-typed (core stays free of the SDK). */
function grantOf(error: unknown): GrantNeeded | undefined {
  const grant = (error as ErrorLike | undefined)?.linkedAuthorization;
  if (grant === undefined || typeof grant.action !== 'string' || typeof grant.sentence !== 'string' || !Array.isArray(grant.scopes)) return undefined;
  return { action: grant.action, scopes: [...grant.scopes], sentence: grant.sentence };
}
