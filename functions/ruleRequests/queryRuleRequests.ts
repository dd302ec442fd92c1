import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { isOwnedRuleName, ruleNameFor } from '../../shared/core/ruleRequests/ownedRule';
import { RULE_REQUEST_STATUSES, type RuleRequest, type RuleRequestStatus } from '../../shared/core/ruleRequests/ruleRequest';
import { requestInstanceId } from '../../orchestrations/ruleRequests/names';
import { ruleRequestUrls } from '../../orchestrations/ruleRequests/notifications';
import { callerOf, invalid, refuse } from './httpAnswers';
import type { RuleRequestDeps } from './ruleRequestDeps';
import { detailOf, summaryOf } from './ruleRequestView';
import { isRuleRequestId, ruleRequestIdRule } from '../../shared/core/ruleRequests/ruleRequestId';

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /api/rule-requests?status=&requester=: any signed-in caller may list (approvers need to see what waits). */
export function listRuleRequestsHandler(deps: RuleRequestDeps) {
  return (request: HttpRequest) => listRuleRequests(deps, request);
}

async function listRuleRequests(deps: RuleRequestDeps, request: HttpRequest): Promise<HttpResponseInit> {
  callerOf(request, deps.settings);
  const status = request.query.get('status') ?? undefined;
  const requester = request.query.get('requester') ?? undefined;
  const problems = [
    ...(status !== undefined && !RULE_REQUEST_STATUSES.includes(status as RuleRequestStatus) ? [{ path: 'status', message: `must be one of ${RULE_REQUEST_STATUSES.join(', ')}` }] : []),
    // An Entra object id: anything else can never match, so it is a mistake to say so, not an empty list.
    ...(requester !== undefined && !OBJECT_ID.test(requester) ? [{ path: 'requester', message: 'must be an Entra object id (GUID)' }] : []),
  ];
  if (problems.length > 0) return invalid(problems);
  const store = await deps.store();
  const found = await store.list({ ...(status ? { status: status as RuleRequestStatus } : {}), ...(requester ? { requesterId: requester.toLowerCase() } : {}) });
  return { status: 200, jsonBody: { items: found.map(({ request: item }) => summaryOf(item, ruleRequestUrls(deps, item.id).statusUrl)) } };
}

/** GET /api/rule-requests/{id}: status, orchestration stage, history, the rule as the firewall holds it, audit. */
export function getRuleRequestHandler(deps: RuleRequestDeps) {
  return (request: HttpRequest, context: InvocationContext) => getRuleRequest(deps, request, context);
}

async function getRuleRequest(deps: RuleRequestDeps, request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  callerOf(request, deps.settings);
  const id = request.params.id ?? '';
  if (!isRuleRequestId(id)) return invalid([{ path: 'id', message: ruleRequestIdRule }]);
  const stored = await (await deps.store()).get(id);
  if (!stored) return refuse(404, 'rule-request-not-found', `No rule request ${id}`);
  const status = await deps.durableClient(context).getStatus(requestInstanceId(id), { showInput: false }).catch(() => undefined);
  const stage = (status?.customStatus as { stage?: string } | undefined)?.stage;
  const rule = stored.request.status === 'applied' ? await ruleAsApplied(deps, stored.request) : undefined;
  return { status: 200, jsonBody: detailOf(stored.request, { statusUrl: ruleRequestUrls(deps, id).statusUrl, stage, rule }) };
}

/** The request's rule read live from the owned group (what the firewall enforces), with where it sits. */
async function ruleAsApplied(deps: RuleRequestDeps, request: RuleRequest) {
  const group = await deps.getOwnedRuleCollectionGroup();
  const name = ruleNameFor(request.id).toLowerCase();
  for (const collection of group?.properties?.ruleCollections ?? []) {
    const rule = (collection.rules ?? []).find((candidate) => isOwnedRuleName(candidate.name) && candidate.name?.toLowerCase() === name);
    if (rule) return { group: group?.name, collection: collection.name, ...rule };
  }
  return undefined;
}
