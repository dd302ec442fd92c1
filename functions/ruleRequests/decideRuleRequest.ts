import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { parseBoundedJson } from '../../shared/core/boundedJson';
import { assertMayDecide } from '../../shared/core/ruleRequests/authorization';
import { shown, type Problem } from '../../shared/core/ruleRequests/problems';
import { canTake, type RuleRequestEvent } from '../../shared/core/ruleRequests/transitions';
import { transitionStored } from '../../orchestrations/ruleRequests/storeTransitions';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import { bodyText, callerOf, invalid, refuse } from './httpAnswers';
import type { RuleRequestDeps } from './ruleRequestDeps';
import { InvalidTransitionError } from '../../shared/core/ruleRequests/transitions';
import type { Principal } from '../../shared/core/ruleRequests/clientPrincipal';
import { isRuleRequestId, ruleRequestIdRule } from '../../shared/core/ruleRequests/ruleRequestId';

const MAX_REASON = 1000;

/**
 * POST /api/rule-requests/{id}/approve and .../reject (body { reason }). The decision is recorded in the store first
 * (on the etag: two approvers racing, or the approval timeout, cannot both win), then raised on the request's
 * orchestration, which applies or notifies. Approvers only, never on their own request (403).
 */
export function decisionHandler(deps: RuleRequestDeps, verb: 'approve' | 'reject') {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const caller = callerOf(request, deps.settings);
    const reason = await reasonOf(request, verb, deps.settings.ruleRequestMaxBodyBytes);
    if ('problem' in reason) return invalid([reason.problem], reason.status);
    return recordDecision(deps, context, caller, request.params.id ?? '', verb, reason.text);
  };
}

/**
 * The one decision path, shared by the API and the approver review page: checks the caller may decide, records the
 * decision in the store on the etag, then raises it on the request's orchestration. `reason` is required to reject.
 */
export async function recordDecision(
  deps: RuleRequestDeps,
  context: InvocationContext,
  caller: Principal,
  id: string,
  verb: 'approve' | 'reject',
  reason: string | undefined,
): Promise<HttpResponseInit> {
  if (!isRuleRequestId(id)) return invalid([{ path: 'id', message: ruleRequestIdRule }]);
  if (verb === 'reject' && (reason === undefined || reason.trim() === '')) return invalid([{ path: 'reason', message: 'is required: say why the request is rejected' }]);
  if (reason !== undefined && reason.length > MAX_REASON) return invalid([{ path: 'reason', message: `must be at most ${MAX_REASON} characters` }]);
  const store = await deps.store();
  const stored = await store.get(id);
  if (!stored) return refuse(404, 'rule-request-not-found', `No rule request ${id}`);
  assertMayDecide(caller, stored.request.requester.userId, deps.settings);
  const by = { userId: caller.userId, name: caller.name };
  const event: RuleRequestEvent = verb === 'approve' ? { type: 'approve', by, ...(reason ? { note: reason } : {}) } : { type: 'reject', by, note: reason ?? 'rejected' };
  if (!canTake(stored.request.status, event.type)) return repeatedOrConflict(deps, context, stored.request, caller, verb);
  let decided;
  try {
    decided = await transitionStored(store, id, [event], new Date());
  } catch (error) {
    if (error instanceof InvalidTransitionError) {
      const current = await store.get(id);
      return current ? repeatedOrConflict(deps, context, current.request, caller, verb) : alreadyDecided(id, error.status, verb);
    }
    throw error;
  }
  // Recorded first (the etag decides races), then delivered. If delivery fails (503), the caller's retry finds its
  // own decision recorded and delivers it again (below); the sweep does the same for a caller who gave up.
  await deps.ensureRequestProgress(context, decided, { raiseDecision: true });
  context.log(`Rule request ${id} ${decided.status} by ${caller.name}`);
  return { status: 200, jsonBody: { id, status: decided.status, decidedBy: by } };
}

/**
 * The request is no longer pending. The same caller making the same decision again (a retry after a 503 or a lost
 * answer) gets 200 `repeated` and the decision is delivered again, so a retry always repairs; anyone else gets 409.
 */
async function repeatedOrConflict(deps: RuleRequestDeps, context: InvocationContext, request: RuleRequest, caller: Principal, verb: 'approve' | 'reject'): Promise<HttpResponseInit> {
  const mine = request.approver?.userId.toLowerCase() === caller.userId.toLowerCase();
  const same = verb === 'approve' ? ['approved', 'applying', 'applied', 'failed', 'expired', 'removed'].includes(request.status) : request.status === 'rejected';
  if (!mine || !same) return alreadyDecided(request.id, request.status, verb);
  await deps.ensureRequestProgress(context, request, { raiseDecision: true });
  return { status: 200, jsonBody: { id: request.id, status: request.status, decidedBy: request.approver, repeated: true } };
}

const alreadyDecided = (id: string, status: string, verb: string) =>
  refuse(409, 'invalid-transition', `Rule request ${id} is ${status}; only a pending-approval request can be ${verb === 'approve' ? 'approved' : 'rejected'}`);

/** Reject needs { reason }; approve takes an optional one. An empty approve body is fine. */
async function reasonOf(request: HttpRequest, verb: 'approve' | 'reject', maxBytes: number): Promise<{ text?: string } | { problem: Problem; status: 400 | 413 }> {
  const body = await bodyText(request, maxBytes);
  if ('tooLarge' in body) return { problem: { path: 'body', message: `is ${body.tooLarge} bytes; at most ${maxBytes} bytes are accepted` }, status: 413 };
  if (body.text.trim() === '') return verb === 'approve' ? {} : { problem: { path: 'reason', message: 'is required: say why the request is rejected' }, status: 400 };
  const bounded = parseBoundedJson(body.text, { maxBytes });
  if (!bounded.ok) return { problem: bounded.problem, status: bounded.status };
  const parsed = bounded.value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: { path: 'body', message: `must be a JSON object, got ${shown(parsed)}` }, status: 400 };
  const raw = (parsed as Record<string, unknown>).reason;
  if (raw === undefined) return verb === 'approve' ? {} : { problem: { path: 'reason', message: 'is required: say why the request is rejected' }, status: 400 };
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_REASON) {
    return { problem: { path: 'reason', message: `must be a non-empty string of at most ${MAX_REASON} characters, got ${shown(raw)}` }, status: 400 };
  }
  return { text: raw.trim() };
}
