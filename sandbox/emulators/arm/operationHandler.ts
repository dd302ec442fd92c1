import { ArmError } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { maxPollHoldMs, pollRetryAfterSeconds } from './lroProfile';
import type { Operation } from './operations';

/**
 * In the fast profile a poll is held until the operation ends, at most 1 s. Why hold at all: @azure/core-lro's
 * parseRetryAfter turns "Retry-After: 0" into 0 ms, which its poller treats as "no interval" and keeps the 2000 ms
 * default (core-lro 3.3.1 poller/operation.js: `if (intervalInMs) setDelay(...)`), and integer seconds cannot go
 * below 1 s. Holding the first poll until the short sandbox delay has passed keeps every LRO fast while the wire
 * format stays Azure's. The azure profile answers at once with Retry-After: 10 (lroProfile.ts).
 */
export async function handleOperation(context: EmulatorContext, request: ArmRequest, operationId: string, isResult: boolean): Promise<ArmResponse> {
  if (request.method !== 'GET') throw new ArmError(405, 'MethodNotAllowed', `The requested method ${request.method} is not allowed.`);
  const operation = context.operations.get(operationId);
  if (!operation) throw new ArmError(404, 'OperationNotFound', `The operation '${operationId}' could not be found.`);
  await context.operations.waitFor(operation, Math.min(operation.dueAt - Date.now() + 5, maxPollHoldMs(context.settings)));
  const retryAfter = String(pollRetryAfterSeconds(context.settings));
  return isResult ? operationResult(request, operation, retryAfter) : operationStatus(operation, retryAfter);
}

/** Azure-AsyncOperation: always 200 with `status` (RPC-A); error only when Failed or Canceled. */
function operationStatus(operation: Operation, retryAfter: string): ArmResponse {
  const body: Record<string, unknown> = { id: operation.id, name: operation.id, status: operation.status, startTime: operation.startTime };
  if (operation.endTime) body['endTime'] = operation.endTime;
  if (operation.error) body['error'] = operation.error;
  return { status: 200, body, headers: operation.status === 'InProgress' ? { 'Retry-After': retryAfter } : {} };
}

/** Location: 202 while running, then the result of the original request (RPC-A). */
function operationResult(request: ArmRequest, operation: Operation, retryAfter: string): ArmResponse {
  if (operation.status === 'InProgress') return { status: 202, headers: { Location: `${request.url}`, 'Retry-After': retryAfter } };
  // A canceled operation has no result either; answered as a failed one (Azure's answer here is not on record).
  if (operation.status === 'Failed' || operation.status === 'Canceled') return { status: 400, body: { error: operation.error } };
  return { status: operation.action === 'delete' ? 204 : 200 };
}
