import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { isOwnedRuleName, ruleNameFor } from '../../shared/core/rules/ownedRule';
import { RULE_REQUEST_STATUSES, type RuleRequest, type RuleRequestStatus } from '../../shared/core/rules/ruleRequest';
import { appServices } from '../../shared/runtime/appServices';
import { requestInstanceId } from '../../orchestrations/rules/names';
import { ruleRequestUrls } from '../../orchestrations/rules/notifications';
import { ruleServices } from '../../orchestrations/rules/ruleServices';
import { callerOf, invalid, refuse } from './httpAnswers';
import { detailOf, summaryOf } from './ruleRequestView';

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /api/rule-requests?status=&requester=: any signed-in caller may list (approvers need to see what waits). */
export async function handleListRuleRequests(request: HttpRequest): Promise<HttpResponseInit> {
  callerOf(request);
  const status = request.query.get('status') ?? undefined;
  const requester = request.query.get('requester') ?? undefined;
  const problems = [
    ...(status !== undefined && !RULE_REQUEST_STATUSES.includes(status as RuleRequestStatus) ? [{ path: 'status', message: `must be one of ${RULE_REQUEST_STATUSES.join(', ')}` }] : []),
    // An Entra object id: anything else can never match, so it is a mistake to say so, not an empty list.
    ...(requester !== undefined && !OBJECT_ID.test(requester) ? [{ path: 'requester', message: 'must be an Entra object id (GUID)' }] : []),
  ];
  if (problems.length > 0) return invalid(problems);
  const services = appServices();
  const store = await ruleServices(services).store();
  const found = await store.list({ ...(status ? { status: status as RuleRequestStatus } : {}), ...(requester ? { requesterId: requester.toLowerCase() } : {}) });
  return { status: 200, jsonBody: { items: found.map(({ request: item }) => summaryOf(item, ruleRequestUrls(services, item.id).statusUrl)) } };
}

/** GET /api/rule-requests/{id}: status, orchestration stage, history, the rule as the firewall holds it, audit. */
export async function handleGetRuleRequest(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  callerOf(request);
  const id = request.params.id ?? '';
  if (!REQUEST_ID.test(id)) return invalid([{ path: 'id', message: 'must be a rule request id (letters, digits, hyphens)' }]);
  const services = appServices();
  const stored = await (await ruleServices(services).store()).get(id);
  if (!stored) return refuse(404, 'rule-request-not-found', `No rule request ${id}`);
  const status = await df.getClient(context).getStatus(requestInstanceId(id), { showInput: false }).catch(() => undefined);
  const stage = (status?.customStatus as { stage?: string } | undefined)?.stage;
  const rule = stored.request.status === 'applied' ? await ruleAsApplied(stored.request) : undefined;
  return { status: 200, jsonBody: detailOf(stored.request, { statusUrl: ruleRequestUrls(services, id).statusUrl, stage, rule }) };
}

/** The request's rule read live from the owned group (what the firewall enforces), with where it sits. */
async function ruleAsApplied(request: RuleRequest) {
  const services = appServices();
  const rules = ruleServices(services);
  const group = await rules.policies.getRuleCollectionGroup(await rules.policyId(), services.settings.ruleCollectionGroupName);
  const name = ruleNameFor(request.id).toLowerCase();
  for (const collection of group?.properties?.ruleCollections ?? []) {
    const rule = (collection.rules ?? []).find((candidate) => isOwnedRuleName(candidate.name) && candidate.name?.toLowerCase() === name);
    if (rule) return { group: group?.name, collection: collection.name, ...rule };
  }
  return undefined;
}
