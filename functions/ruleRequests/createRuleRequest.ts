import { randomBytes } from 'node:crypto';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { IdempotencyConflictError } from '../../shared/azure/tables/ruleRequestStoreErrors';
import { findExistingAllowance, type ExistingAllowance } from '../../shared/core/firewallPolicy/findExistingAllowance';
import { parseRuleRequestBody } from '../../shared/core/ruleRequests/parseRuleRequestBody';
import { protocolText } from '../../shared/core/ruleRequests/protocols';
import { newRuleRequest, type RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import type { RuleRequestSpec } from '../../shared/core/ruleRequests/ruleRequestSpec';
import { validateRuleRequest } from '../../shared/core/ruleRequests/validateRuleRequest';
import { requestInstanceId, ruleNames } from '../../orchestrations/ruleRequests/names';
import { ruleRequestUrls } from '../../orchestrations/ruleRequests/notifications';
import type { RuleRequestOrchestrationInput } from '../../orchestrations/ruleRequests/types';
import { writerPatienceInMs } from '../../orchestrations/ruleRequests/ruleRequestOrchestrator';
import { bodyText, callerOf, invalid, refuse } from './httpAnswers';
import type { RuleRequestDeps } from './ruleRequestDeps';
import { summaryOf } from './ruleRequestView';

/**
 * POST /api/rule-requests: validate (every problem named by field), resolve the sources against the guarded spokes,
 * answer "already allowed" when the policy already allows every FQDN x protocol from those sources, else store the
 * request and start its orchestration (202). A repeated idempotency key returns the first request (200).
 */
export function createRuleRequestHandler(deps: RuleRequestDeps) {
  return (request: HttpRequest, context: InvocationContext) => createRuleRequest(deps, request, context);
}

/** The create itself, also the new-request form's submit (newRuleRequestForm.ts) once that is authorised. */
export async function createRuleRequest(deps: RuleRequestDeps, request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { settings } = deps;
  const caller = callerOf(request, settings);
  const body = await bodyText(request, settings.ruleRequestMaxBodyBytes);
  if ('tooLarge' in body) {
    return invalid([{ path: 'body', message: `is ${body.tooLarge} bytes; at most ${settings.ruleRequestMaxBodyBytes} bytes are accepted` }], 413);
  }
  const parsed = parseRuleRequestBody(body.text, settings.ruleRequestMaxBodyBytes);
  if (!parsed.ok) return invalid(parsed.problems, parsed.status);

  const facts = await deps.readRuleSourceFacts();
  const now = new Date();
  const validated = validateRuleRequest(parsed.body, { maxRuleLifetimeDays: settings.maxRuleLifetimeDays, allowedAddressSpaces: facts.addressSpaces, now });
  if (!validated.ok) return invalid(validated.problems);
  const spec = validated.value;
  const sources = spec.source.kind === 'addresses' ? spec.source.addresses : facts.clusterPrefixes(spec.source.clusterId);
  if (spec.source.kind === 'cluster' && (!sources || sources.length === 0)) {
    const why = sources ? 'uses no VNet subnet of a guarded spoke (a managed VNet cannot be targeted)' : 'is not an AKS cluster in the guarded subscriptions';
    return invalid([{ path: 'source.cluster', message: `${spec.source.clusterId} ${why}` }]);
  }

  const store = await deps.store();
  const requester = { userId: caller.userId, name: caller.name };
  if (spec.idempotencyKey) {
    // Looked up before the "already allowed" check: a client retrying its POST must get its first request back.
    const earlier = (await store.list({ requesterId: requester.userId })).find((stored) => stored.request.spec.idempotencyKey === spec.idempotencyKey);
    if (earlier) return repeated(deps, context, earlier.request);
  }

  const allowances = await existingAllowances(deps, spec, sources ?? []);
  if (allowances) {
    const names = [...new Set(allowances.map(({ allowance }) => describe(allowance)))];
    return { status: 200, jsonBody: { alreadyAllowed: true, message: `Already allowed by ${names.join(', ')}`, allowances: allowances.map(toView) } };
  }

  const id = newRequestId(now);
  let created;
  try {
    created = await store.create(newRuleRequest(id, spec, requester, now));
  } catch (error) {
    if (error instanceof IdempotencyConflictError) return refuse(409, error.code, error.message, [{ path: 'idempotencyKey', message: error.message }]);
    throw error;
  }
  const urls = ruleRequestUrls(deps, created.request.id);
  if (!created.created) return repeated(deps, context, created.request);

  const input: RuleRequestOrchestrationInput = { requestId: id, expiresAt: spec.expiresAt, approvalTimeoutInMs: settings.approvalTimeout, writerPatienceInMs };
  const client = deps.durableClient(context);
  const instanceId = requestInstanceId(id);
  await client.startNew(ruleNames.requestOrchestrator, { instanceId, input }).catch(async (error: unknown) => {
    // The sweep may have started it from the stored request between our two steps: an instance that exists is
    // success. The client's error says why only in its text, so its status is read from the instance instead.
    const existing = await client.getStatus(instanceId, { showInput: false }).catch(() => undefined);
    if (existing === undefined) throw error;
  });
  context.log(`Rule request ${id} by ${requester.name}: ${spec.fqdns.join(', ')}`);
  return { status: 202, headers: { location: urls.statusUrl }, jsonBody: { id, status: created.request.status, statusUrl: urls.statusUrl } };
}

/**
 * A repeated idempotency key answers the first request, and makes sure its orchestration runs: a create that
 * stored the request and then failed (or crashed) before starting it is completed by the client's retry.
 */
async function repeated(deps: RuleRequestDeps, context: InvocationContext, request: RuleRequest): Promise<HttpResponseInit> {
  await deps.ensureRequestProgress(context, request, { raiseDecision: false });
  return { status: 200, jsonBody: { ...summaryOf(request, ruleRequestUrls(deps, request.id).statusUrl), repeated: true } };
}

/** Every FQDN x protocol must be covered, else undefined (the request goes ahead as a whole). */
async function existingAllowances(deps: RuleRequestDeps, spec: RuleRequestSpec, sourceAddresses: readonly string[]) {
  const groups = await deps.listRuleCollectionGroups();
  const found: Array<{ fqdn: string; protocol: string; allowance: ExistingAllowance }> = [];
  for (const fqdn of spec.fqdns) {
    for (const protocol of spec.protocols) {
      const allowance = findExistingAllowance(groups, { fqdn, protocol, sourceAddresses });
      if (!allowance) return undefined;
      found.push({ fqdn, protocol: protocolText(protocol), allowance });
    }
  }
  return found;
}

const describe = (allowance: ExistingAllowance) =>
  allowance.via.kind === 'fqdnTag'
    ? `the ${allowance.via.tag} FQDN tag in rule ${allowance.ruleName} (${allowance.groupName}/${allowance.collectionName})`
    : `rule ${allowance.ruleName} (${allowance.groupName}/${allowance.collectionName})`;

const toView = ({ fqdn, protocol, allowance }: { fqdn: string; protocol: string; allowance: ExistingAllowance }) => ({
  fqdn,
  protocol,
  group: allowance.groupName,
  collection: allowance.collectionName,
  rule: allowance.ruleName,
  via: allowance.via,
});

/** `rr-<yyyymmdd>-<10 hex>`: sortable by day, unguessable enough, valid in a rule name (`req-rr-...`). */
function newRequestId(now: Date): string {
  return `rr-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(5).toString('hex')}`;
}
