import { guarded } from '../../../../functions/ruleRequests/httpAnswers';
import { getRuleRequestHandler, listRuleRequestsHandler } from '../../../../functions/ruleRequests/queryRuleRequests';
import { requestInstanceId } from '../../../../orchestrations/ruleRequests/names';
import { ruleNameFor } from '../../../../shared/core/ruleRequests/ownedRule';
import {
  after,
  approver,
  bystander,
  errorOf,
  fakeDurableClient,
  fakeRuleRequestDeps,
  httpRequest,
  pathsOf,
  pendingRequest,
  personOf,
  requester,
  testContext,
  testSettings,
  type TestPerson,
} from '../../../support/handlerFakes';

const base = 'https://guard.example.com/api/rule-requests';
const pendingId = 'rr-20261201-000000000a';
const approvedId = 'rr-20261201-000000000b';
const otherId = 'rr-20261201-000000000c';

function setup(overrides: Parameters<typeof fakeRuleRequestDeps>[0] = {}) {
  const fakes = fakeRuleRequestDeps(overrides);
  fakes.store.seed(pendingRequest(pendingId));
  fakes.store.seed(after(pendingRequest(approvedId), { type: 'approve', by: personOf(approver) }));
  fakes.store.seed(pendingRequest(otherId, bystander));
  const { context } = testContext();
  const list = (query: Record<string, string>, as: TestPerson | null = bystander) =>
    guarded(listRuleRequestsHandler(fakes.deps))(httpRequest({ url: `${base}?${new URLSearchParams(query).toString()}`, query, ...(as ? { as } : {}) }), context);
  const get = (id: string, as: TestPerson | null = bystander) => guarded(getRuleRequestHandler(fakes.deps))(httpRequest({ url: `${base}/${id}`, params: { id }, ...(as ? { as } : {}) }), context);
  return { ...fakes, list, get };
}

const idsOf = (answer: { jsonBody?: unknown }) => (answer.jsonBody as { items: Array<{ id: string }> }).items.map((item) => item.id);

describe('GET /api/rule-requests (list)', () => {
  it('lists every request for any signed-in caller, each with its status URL', async () => {
    const answer = await setup().list({});
    expect(answer.status).toBe(200);
    expect(idsOf(answer).sort()).toEqual([pendingId, approvedId, otherId].sort());
    expect((answer.jsonBody as { items: unknown[] }).items).toContainEqual(
      expect.objectContaining({ id: approvedId, status: 'approved', requester: requester.name, requesterId: requester.oid, fqdns: ['api.partner.example'], protocols: ['Https:443'], statusUrl: `${base}/${approvedId}` }),
    );
  });

  it('filters by status and by requester (object id in any case)', async () => {
    const { list } = setup();
    expect(idsOf(await list({ status: 'approved' }))).toEqual([approvedId]);
    expect(idsOf(await list({ requester: bystander.oid.toUpperCase() }))).toEqual([otherId]);
    expect(idsOf(await list({ status: 'pending-approval', requester: requester.oid }))).toEqual([pendingId]);
  });

  it('400 naming each bad filter instead of an empty list', async () => {
    const { list } = setup();
    const answer = await list({ status: 'aproved', requester: 'rita@example.com' });
    expect(answer.status).toBe(400);
    expect(pathsOf(answer)).toEqual(['status', 'requester']);
    expect(errorOf(answer).problems?.[0]?.message).toMatch(/must be one of pending-approval, /);
  });

  it('401 unless signed in, and for everyone while the principal header is not vouched for', async () => {
    expect((await setup().list({}, null)).status).toBe(401);
    const answer = await setup({ settings: testSettings({ WEBSITE_AUTH_ENABLED: 'false' }) }).list({});
    expect(answer.status).toBe(401);
    expect(errorOf(answer).code).toBe('principal-untrusted');
  });
});

describe('GET /api/rule-requests/{id} (get)', () => {
  it('answers the request with its orchestration stage, history and audit record', async () => {
    const durable = fakeDurableClient({ [requestInstanceId(pendingId)]: { runtimeStatus: 'Running', customStatus: { stage: 'waiting-for-approval' } } });
    const { get } = setup({ durableClient: () => durable.client });
    const answer = await get(pendingId);
    expect(answer.status).toBe(200);
    expect(answer.jsonBody).toMatchObject({
      id: pendingId,
      status: 'pending-approval',
      stage: 'waiting-for-approval',
      justification: 'Payment provider API for checkout',
      source: { kind: 'addresses', addresses: ['10.42.1.0/24'] },
      history: [{ stage: 'pending-approval', note: 'requested' }],
      rule: null,
      audit: expect.objectContaining({ requestId: pendingId }),
      statusUrl: `${base}/${pendingId}`,
    });
  });

  it('falls back to the stored status as the stage when Durable does not know the instance', async () => {
    const answer = await setup().get(approvedId);
    expect(answer.status).toBe(200);
    expect(answer.jsonBody).toMatchObject({ status: 'approved', stage: 'approved', approver: personOf(approver) });
  });

  it('an applied request shows its rule as the owned rule collection group holds it', async () => {
    const appliedId = 'rr-20261201-000000000d';
    const rule = { ruleType: 'ApplicationRule', name: ruleNameFor(appliedId), targetFqdns: ['api.partner.example'] };
    const foreign = { ruleType: 'ApplicationRule', name: 'someone-elses', targetFqdns: ['x.example'] };
    const { get, store } = setup({
      getOwnedRuleCollectionGroup: async () => ({ name: 'egress-guard-requests', properties: { priority: 500, ruleCollections: [{ name: 'requests-allow', rules: [foreign, rule] as never }] } }),
    });
    store.seed(after(pendingRequest(appliedId), { type: 'approve', by: personOf(approver) }, { type: 'start-apply' }, { type: 'applied', diff: { added: [rule.name], removed: [], updated: [], unchanged: [] } }));
    const answer = await get(appliedId);
    expect((answer.jsonBody as { rule: unknown }).rule).toEqual({ group: 'egress-guard-requests', collection: 'requests-allow', ...rule });
  });

  it('400 naming id for a malformed id, 404 for an unknown one', async () => {
    const { get } = setup();
    const bad = await get('../etc');
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual(['id']);
    const unknown = await get('rr-20261201-ffffffffff');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('rule-request-not-found');
  });

  it('401 unless signed in', async () => {
    expect(errorOf(await setup().get(pendingId, null)).code).toBe('principal-missing');
  });
});
