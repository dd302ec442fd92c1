import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { mayDecide, mayViewRequest } from '../../shared/core/ruleRequests/authorization';
import type { Principal } from '../../shared/core/ruleRequests/clientPrincipal';
import { canTake } from '../../shared/core/ruleRequests/transitions';
import { requestInstanceId } from '../../orchestrations/ruleRequests/names';
import { ruleRequestUrls } from '../../orchestrations/ruleRequests/notifications';
import { messagePage } from './reviewHtml';
import { reviewHandler } from './reviewPage';
import type { RuleRequestDeps } from './ruleRequestDeps';
import { STATUS_WORDING, statusPage } from './statusPageHtml';

/**
 * GET /api/rule-requests/{id}/status-page: the read-only status page the Teams cards' Status button opens.
 *
 * authLevel anonymous for the review page's reason (a function key must never sit in a card) and with its identity
 * handling (reviewHandler: x-ms-client-principal trusted only while App Service Authentication is on, 401 sign-in
 * page, 400 for a link naming no request, 503 without internals). It may be read by the request's requester and by
 * approvers; anyone else gets a 403 page without the request's details. It reads the store (and the orchestration's
 * stage, when it can) and writes nothing. API clients keep the function-key JSON at GET /api/rule-requests/{id}.
 */
export function statusPageHandler(deps: RuleRequestDeps) {
  return reviewHandler(deps, showStatusPage, STATUS_WORDING);
}

export async function showStatusPage(deps: RuleRequestDeps, _request: HttpRequest, context: InvocationContext, caller: Principal, id: string): Promise<HttpResponseInit> {
  const stored = await (await deps.store()).get(id);
  if (!stored) return messagePage(404, 'Rule request not found', `There is no rule request ${id}.`);
  const { request } = stored;
  const requesterId = request.requester.userId;
  if (!mayViewRequest(caller, requesterId, deps.settings)) {
    const role = deps.settings.approverAppRole ? ` or the ${deps.settings.approverAppRole} app role` : '';
    return messagePage(403, STATUS_WORDING.forbiddenTitle, `${caller.name} is neither the requester of this rule request nor an approver (an approver group${role}), so its details are not shown.`);
  }
  const pending = canTake(request.status, 'approve');
  const decides = pending && mayDecide(caller, requesterId, deps.settings);
  const own = caller.userId.toLowerCase() === requesterId.toLowerCase();
  return statusPage({
    request,
    viewer: caller.name,
    stage: await orchestrationStage(deps, context, id),
    ...(decides ? { reviewUrl: ruleRequestUrls(deps, id).reviewUrl } : {}),
    ...(pending && !decides && own ? { cannotDecide: 'Another approver decides this request: nobody approves or rejects their own.' } : {}),
  });
}

/** The orchestration's custom status stage; undefined when it cannot be read (purged, not started, Durable down): the store is the authority. */
async function orchestrationStage(deps: RuleRequestDeps, context: InvocationContext, id: string): Promise<string | undefined> {
  try {
    const status = await deps.durableClient(context).getStatus(requestInstanceId(id), { showInput: false });
    const stage = (status?.customStatus as { stage?: unknown } | undefined)?.stage;
    return typeof stage === 'string' ? stage : undefined;
  } catch {
    return undefined;
  }
}
