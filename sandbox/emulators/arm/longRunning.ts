import { randomUUID } from 'node:crypto';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { bumpEtag, etagOwner } from './etags';
import { resourceEvent } from './events';
import { pollRetryAfterSeconds } from './lroProfile';
import { assertFamilyFree, networkOperationName, operationLockOf } from './operationLocks';
import type { Operation, OperationEnd } from './operations';
import { parentIdOf } from './resourcePath';
import type { Journal } from './store';
import type { ArmErrorBody } from './types';
import { settleProvisioningState } from './writes';

const LRO_FAULT_ERROR: ArmErrorBody = {
  code: 'InternalServerError',
  message: 'An error occurred while processing the operation (sandbox fault injection).',
};

export interface LongRunningChange {
  resource: { id: string; type: string };
  subscriptionId: string;
  namespace: string;
  location: string;
  action: 'write' | 'delete';
  delayMs: number;
  /** Applies the visible in-progress state (new properties + Updating, or Deleting); journaled for rollback. */
  change: () => void;
  /** A failure known up front (Azure reports it through the operation, not the initial response). */
  knownFailure?: ArmErrorBody;
}

/**
 * What Network's status resource says for an operation it canceled (superseded by a later write to the same
 * resource): `{"status":"Canceled","error":{"code":"Canceled","message":"Operation was canceled.","details":[{"code":
 * "CanceledAndSupersededDueToAnotherOperation","message":"Operation PutSecurityRuleOperation (<id>) was canceled and
 * superseded by operation PutSecurityRuleOperation (<id>)."}]}}` (a Terraform run's API response; the same error
 * inside a deployment's statusMessage in Azure/azure-cli#21156). RPC-A: `error` with `code` is required when Canceled.
 * The superseding operation is made up: the fault injects the cancellation, not a second writer.
 */
function canceledError(operation: Operation): ArmErrorBody {
  return {
    code: 'Canceled',
    message: 'Operation was canceled.',
    details: [
      {
        code: 'CanceledAndSupersededDueToAnotherOperation',
        message: `Operation ${operation.operationName} (${operation.id}) was canceled and superseded by operation ${operation.operationName} (${randomUUID()}).`,
      },
    ],
  };
}

/** Refuses a write while another operation holds the resource's family (operationLocks.ts). */
export function assertNotLocked(context: EmulatorContext, resourceId: string, request: ArmRequest): void {
  assertFamilyFree(context, resourceId, (running) => asyncOperationUrl(context, running, request));
}

/**
 * Starts an LRO: the change shows at once (provisioningState Updating/Deleting); when the delay has passed the
 * operation succeeds (state settles, the event fires) or fails or is canceled (the change is rolled back: a canceled
 * operation did not apply).
 */
export function startLongRunning(context: EmulatorContext, request: ArmRequest, change: LongRunningChange): Operation {
  const injected = context.faults.take(request.method, request.pathname, ['lro-failed', 'lro-canceled'])?.kind;
  let journal: Journal = new Map();
  if (!change.knownFailure) journal = context.store.record(change.change);
  const operation: Operation = context.operations.start({
    namespace: change.namespace,
    location: change.location,
    action: change.action,
    lockKey: operationLockOf(change.resource.id)?.key,
    resourceId: change.resource.id,
    operationName: networkOperationName(change.resource.type, change.action),
    delayMs: change.delayMs,
    complete: (): OperationEnd | undefined => {
      if (change.knownFailure) return { status: 'Failed', error: change.knownFailure };
      if (injected !== undefined) {
        context.store.rollback(journal);
        return injected === 'lro-canceled' ? { status: 'Canceled', error: canceledError(operation) } : { status: 'Failed', error: LRO_FAULT_ERROR };
      }
      context.store.record(() => (change.action === 'write' ? settleProvisioningState(context.store, journal.keys(), change.resource.id) : removeResource(context, change.resource.id)));
      context.emit(resourceEvent(change.action, change.resource, change.subscriptionId, request));
      return undefined;
    },
  });
  return operation;
}

function removeResource(context: EmulatorContext, id: string): void {
  const { store } = context;
  const resource = store.get(id);
  if (!resource) return;
  const owner = etagOwner(store, resource);
  store.subtree(id).forEach((record) => store.delete(record.id));
  // Deleting an inline child (subnet, route) is a change of its parent's etag family.
  if (owner.id !== resource.id && parentIdOf(id)) bumpEtag(store, owner);
}

export function asyncOperationUrl(context: EmulatorContext, operation: Operation, request: ArmRequest): string {
  return operationUrl(context, operation, request, 'operations');
}

/** Headers of the initial response: Azure-AsyncOperation always, Location for deletes (arm-contract.md section 1). */
export function longRunningHeaders(context: EmulatorContext, operation: Operation, request: ArmRequest): Record<string, string> {
  const headers: Record<string, string> = {
    'Azure-AsyncOperation': asyncOperationUrl(context, operation, request),
    'Azure-AsyncNotification': 'Enabled',
    'Retry-After': String(pollRetryAfterSeconds(context.settings)),
  };
  if (operation.action === 'delete') headers['Location'] = operationUrl(context, operation, request, 'operationResults');
  return headers;
}

export function accepted(context: EmulatorContext, operation: Operation, request: ArmRequest): ArmResponse {
  return { status: 202, headers: longRunningHeaders(context, operation, request) };
}

function operationUrl(context: EmulatorContext, operation: Operation, request: ArmRequest, kind: 'operations' | 'operationResults'): string {
  const apiVersion = request.query.get('api-version') ?? '';
  const subscriptionId = request.pathname.split('/')[2] ?? '';
  return `${context.baseUrl()}/subscriptions/${subscriptionId}/providers/${operation.namespace}/locations/${operation.location}/${kind}/${operation.id}?api-version=${encodeURIComponent(apiVersion)}`;
}
