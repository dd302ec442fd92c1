import { classifyArmError } from '../../azure/arm/armError';

/**
 * Turns anything an ARM call threw into a reason a person can act on: the one ARM classification
 * (shared/azure/arm/armError.ts) worded for a drift finding or card.
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

export function failureFromError(error: unknown, context: { action: string; resourceId?: string }): ReconcileFailure {
  const { code, retryable, message, statusCode, armCode, retryAfterInMs, linkedAuthorization } = classifyArmError(error);
  const where = context.resourceId === undefined ? context.action : `${context.action} ${context.resourceId}`;
  const base = { code, retryable, statusCode, armCode, resourceId: context.resourceId, ...(retryAfterInMs === undefined ? {} : { retryAfterInMs }) };
  const said = (sentence: string): ReconcileFailure => ({ ...base, message: sentence });
  switch (code) {
    case 'arm-unauthorized':
      return said(`ARM rejected the app's token for ${where}: ${message}`);
    case 'arm-forbidden': {
      if (linkedAuthorization === undefined) return said(`The app's identity may not ${where} (grant the RBAC action, see networkArmActions): ${message}`);
      const grant: GrantNeeded = { action: linkedAuthorization.action, scopes: [...linkedAuthorization.scopes], sentence: linkedAuthorization.sentence };
      return {
        ...base,
        code: 'arm-linked-authorization-failed',
        grant,
        message: `Not allowed to ${where}: ${grant.sentence} (ARM's LinkedAuthorizationFailed: the body references a resource the app's identity may not join or peer; see docs/deploy.md, linked_resource_scopes). ARM said: ${message}`,
      };
    }
    case 'arm-not-found':
      return said(`Not found while trying to ${where}: ${message}`);
    case 'concurrent-modification':
      return said(`Changed by someone else while trying to ${where}: ${message}`);
    case 'arm-throttled':
      return said(`ARM throttled or locked the resource while trying to ${where}: ${message}`);
    case 'arm-busy':
      return said(`Another operation is in progress; could not ${where}: ${message}`);
    case 'arm-unavailable':
      return said(`ARM failed (${statusCode}) while trying to ${where}: ${message}`);
    case 'arm-rejected':
      return said(`ARM rejected ${where} (${armCode ?? statusCode}): ${message}`);
    case 'arm-unreachable':
      return said(`Could not reach ARM to ${where}: ${message}`);
    case 'arm-operation-canceled':
      return said(`${where}: the operation was canceled`);
    case 'arm-operation-failed':
    case 'unexpected-error':
      return said(`${where}: ${message}`);
  }
}

