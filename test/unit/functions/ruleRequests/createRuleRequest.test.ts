import { createRuleRequestHandler } from '../../../../functions/ruleRequests/createRuleRequest';
import { guarded } from '../../../../functions/ruleRequests/httpAnswers';
import type { ArmRuleCollectionGroup } from '../../../../shared/core/firewallPolicy/firewallPolicyModel';
import { requestInstanceId, ruleNames } from '../../../../orchestrations/ruleRequests/names';
import { writerPatienceInMs } from '../../../../orchestrations/ruleRequests/ruleRequestOrchestrator';
import { errorOf, fakeRuleRequestDeps, httpRequest, pathsOf, requester, subscriptionId, testContext, testSettings } from '../../../support/handlerFakes';

const url = 'https://guard.example.com/api/rule-requests';
const body = { fqdns: ['api.partner.example'], protocols: ['Https:443'], source: { addresses: ['10.42.1.0/24'] }, justification: 'Payment provider API for checkout' };
const clusterId = `/subscriptions/${subscriptionId}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
const post = (json: unknown, extra: Parameters<typeof httpRequest>[0] = {}) => httpRequest({ method: 'POST', url, as: requester, json, ...extra });

function setup(overrides: Parameters<typeof fakeRuleRequestDeps>[0] = {}) {
  const fakes = fakeRuleRequestDeps(overrides);
  const { context, logs } = testContext();
  // As registered in functions/ruleRequests/index.ts: guarded() turns access errors into 401/403 and failures into 503.
  const handle = guarded(createRuleRequestHandler(fakes.deps));
  return { ...fakes, logs, create: (request: ReturnType<typeof httpRequest>) => handle(request, context) };
}

describe('POST /api/rule-requests (createRuleRequest)', () => {
  it('stores a valid request, starts its orchestration and answers 202 with where to follow it', async () => {
    const { create, store, durable } = setup();
    const answer = await create(post(body));
    expect(answer.status).toBe(202);
    const { id, status, statusUrl } = answer.jsonBody as { id: string; status: string; statusUrl: string };
    expect(id).toMatch(/^rr-\d{8}-[0-9a-f]{10}$/);
    expect(status).toBe('pending-approval');
    expect(statusUrl).toBe(`https://guard.example.com/api/rule-requests/${id}`);
    expect(answer.headers).toEqual({ location: statusUrl });
    const stored = (await store.get(id))?.request;
    expect(stored?.requester).toEqual({ userId: requester.oid, name: requester.name });
    expect(stored?.spec.fqdns).toEqual(['api.partner.example']);
    expect(durable.started).toEqual([
      { name: ruleNames.requestOrchestrator, instanceId: requestInstanceId(id), input: { requestId: id, expiresAt: stored?.spec.expiresAt, approvalTimeoutInMs: testSettings().approvalTimeout, writerPatienceInMs } },
    ]);
  });

  it('202 when the start fails because the sweep already started the orchestration (the instance exists)', async () => {
    const { create, durable } = setup();
    durable.failStartWith(new Error('refused'), { instanceExists: true });
    const answer = await create(post(body));
    expect(answer.status).toBe(202);
  });

  it('503 when the start fails and no instance exists (the stored request is picked up by a retry or the sweep)', async () => {
    const { create, store, durable } = setup();
    durable.failStartWith(new Error('refused'));
    const answer = await create(post(body));
    expect(answer.status).toBe(503);
    expect(errorOf(answer).code).toBe('temporarily-unavailable');
    expect(store.rows.size).toBe(1);
  });

  it('fails closed: 401 for everyone while nothing in front of the app vouches for x-ms-client-principal, nothing stored', async () => {
    const { create, store, durable } = setup({ settings: testSettings({ WEBSITE_AUTH_ENABLED: 'false' }) });
    const answer = await create(post(body));
    expect(answer.status).toBe(401);
    expect(errorOf(answer).code).toBe('principal-untrusted');
    expect(store.rows.size).toBe(0);
    expect(durable.started).toEqual([]);
  });

  it('401 naming the header when the caller is not signed in', async () => {
    const { create } = setup();
    const answer = await create(httpRequest({ method: 'POST', url, json: body }));
    expect(answer.status).toBe(401);
    expect(errorOf(answer)).toMatchObject({ code: 'principal-missing', message: expect.stringMatching(/x-ms-client-principal/) });
  });

  it('413 naming the body when Content-Length is over RULE_REQUEST_MAX_BODY_BYTES, before reading it', async () => {
    const { create, deps } = setup();
    const max = deps.settings.ruleRequestMaxBodyBytes;
    const answer = await create(post(body, { headers: { 'content-length': String(max + 1) } }));
    expect(answer.status).toBe(413);
    expect(pathsOf(answer)).toEqual(['body']);
  });

  it('400 naming the body when it is not JSON', async () => {
    const { create } = setup();
    const answer = await create(httpRequest({ method: 'POST', url, as: requester, text: '{"fqdns": [' }));
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('invalid-request');
    expect(pathsOf(answer)).toContain('body');
  });

  it('400 naming every bad field, nothing stored or started', async () => {
    const { create, store, durable } = setup();
    const answer = await create(post({ ...body, fqdns: ['*.com'], justification: 'short', source: { addresses: ['192.168.0.0/24'] } }));
    expect(answer.status).toBe(400);
    const paths = pathsOf(answer);
    expect(paths.some((path) => path.startsWith('fqdns'))).toBe(true);
    expect(paths).toContain('justification');
    expect(paths.some((path) => path.startsWith('source'))).toBe(true);
    expect(store.rows.size).toBe(0);
    expect(durable.started).toEqual([]);
  });

  it('400 naming source.cluster when the cluster is not in the guarded subscriptions', async () => {
    const { create } = setup();
    const answer = await create(post({ ...body, source: { cluster: clusterId } }));
    expect(answer.status).toBe(400);
    expect(errorOf(answer).problems).toEqual([{ path: 'source.cluster', message: expect.stringMatching(/is not an AKS cluster in the guarded subscriptions/) }]);
  });

  it('400 naming source.cluster when the cluster uses no subnet of a guarded spoke', async () => {
    const { create } = setup({ readRuleSourceFacts: async () => ({ addressSpaces: ['10.42.0.0/16'], clusterPrefixes: () => [] }) });
    const answer = await create(post({ ...body, source: { cluster: clusterId } }));
    expect(answer.status).toBe(400);
    expect(errorOf(answer).problems?.[0]).toEqual({ path: 'source.cluster', message: expect.stringMatching(/uses no VNet subnet of a guarded spoke/) });
  });

  it('200 "already allowed" with the covering rule when the policy allows every FQDN and protocol from the sources: nothing stored', async () => {
    const groups: ArmRuleCollectionGroup[] = [
      {
        name: 'team',
        properties: {
          priority: 300,
          ruleCollections: [
            {
              ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
              name: 'team-c',
              priority: 100,
              action: { type: 'Allow' },
              rules: [{ ruleType: 'ApplicationRule', name: 'partner', protocols: [{ protocolType: 'Https', port: 443 }], sourceAddresses: ['10.42.0.0/16'], targetFqdns: ['api.partner.example'] }] as never,
            },
          ],
        },
      },
    ];
    const { create, store, durable } = setup({ listRuleCollectionGroups: async () => groups });
    const answer = await create(post(body));
    expect(answer.status).toBe(200);
    expect(answer.jsonBody).toEqual({
      alreadyAllowed: true,
      message: 'Already allowed by rule partner (team/team-c)',
      allowances: [{ fqdn: 'api.partner.example', protocol: 'Https:443', group: 'team', collection: 'team-c', rule: 'partner', via: { kind: 'targetFqdn', target: 'api.partner.example' } }],
    });
    expect(store.rows.size).toBe(0);
    expect(durable.started).toEqual([]);
  });

  it('a repeated idempotency key answers the first request (200 repeated) and makes sure it progresses, without a second request', async () => {
    const { create, store, progress } = setup();
    const first = await create(post({ ...body, idempotencyKey: 'deploy-42' }));
    expect(first.status).toBe(202);
    const { id } = first.jsonBody as { id: string };
    const again = await create(post({ ...body, idempotencyKey: 'deploy-42' }));
    expect(again.status).toBe(200);
    expect(again.jsonBody).toMatchObject({ id, status: 'pending-approval', repeated: true });
    expect(store.creates).toBe(1);
    expect(progress).toEqual([{ id, status: 'pending-approval', raiseDecision: false }]);
  });

  it('409 naming idempotencyKey when the store finds the key used for a different request', async () => {
    const { create, store } = setup();
    const { id } = (await create(post({ ...body, idempotencyKey: 'deploy-42' }))).jsonBody as { id: string };
    // A concurrent create won with another body; our own lookup did not see it yet (it lists by requester first).
    const listed = store.list.bind(store);
    store.list = async (options) => (options?.requesterId ? [] : listed(options));
    const answer = await create(post({ ...body, fqdns: ['other.example.com'], idempotencyKey: 'deploy-42' }));
    expect(answer.status).toBe(409);
    expect(errorOf(answer)).toMatchObject({ code: 'idempotency-key-reused', problems: [{ path: 'idempotencyKey', message: expect.stringContaining(id) }] });
  });

  it('503 without internals when a dependency fails (the stack is logged, not answered)', async () => {
    const { create, logs } = setup({ readRuleSourceFacts: async () => Promise.reject(new Error('ARM is down: secret detail')) });
    const answer = await create(post(body));
    expect(answer.status).toBe(503);
    expect(answer.headers).toEqual({ 'retry-after': '5' });
    expect(JSON.stringify(answer.jsonBody)).not.toMatch(/secret detail/);
    expect(logs.join('\n')).toMatch(/ARM is down/);
  });
});
