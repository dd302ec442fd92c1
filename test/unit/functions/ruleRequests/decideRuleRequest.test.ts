import { decisionHandler } from '../../../../functions/ruleRequests/decideRuleRequest';
import { guarded } from '../../../../functions/ruleRequests/httpAnswers';
import {
  after,
  approver,
  bystander,
  errorOf,
  fakeRuleRequestDeps,
  httpRequest,
  otherApprover,
  pathsOf,
  pendingRequest,
  personOf,
  testContext,
  testSettings,
  type TestPerson,
} from '../../../support/handlerFakes';

const id = 'rr-20261201-0123456789';
const urlOf = (verb: string, requestId = id) => `https://guard.example.com/api/rule-requests/${requestId}/${verb}`;

function setup(overrides: Parameters<typeof fakeRuleRequestDeps>[0] = {}) {
  const fakes = fakeRuleRequestDeps(overrides);
  fakes.store.seed(pendingRequest(id));
  const { context, logs } = testContext();
  const decide = (verb: 'approve' | 'reject', as: TestPerson | undefined, init: { json?: unknown; text?: string; headers?: Record<string, string>; requestId?: string } = {}) =>
    guarded(decisionHandler(fakes.deps, verb))(
      httpRequest({ method: 'POST', url: urlOf(verb, init.requestId), params: { id: init.requestId ?? id }, ...(as ? { as } : {}), ...init }),
      context,
    );
  const statusOf = async () => (await fakes.store.get(id))?.request.status;
  return { ...fakes, logs, decide, statusOf };
}

describe('POST /api/rule-requests/{id}/approve and /reject (decideRuleRequest)', () => {
  it('approve: records the approver on the etag, then raises the decision on the orchestration; 200', async () => {
    const { decide, store, progress, statusOf } = setup();
    const answer = await decide('approve', approver, { json: { reason: 'fine for checkout' } });
    expect(answer).toEqual({ status: 200, jsonBody: { id, status: 'approved', decidedBy: personOf(approver) } });
    expect(await statusOf()).toBe('approved');
    expect((await store.get(id))?.request.history.at(-1)).toMatchObject({ stage: 'approved', by: personOf(approver), note: 'fine for checkout' });
    expect(progress).toEqual([{ id, status: 'approved', raiseDecision: true }]);
  });

  it('approve takes an empty body', async () => {
    const { decide, statusOf } = setup();
    expect((await decide('approve', approver)).status).toBe(200);
    expect(await statusOf()).toBe('approved');
  });

  it('reject: 200 with the reason recorded', async () => {
    const { decide, store } = setup();
    const answer = await decide('reject', approver, { json: { reason: 'use the partner proxy' } });
    expect(answer.status).toBe(200);
    expect((await store.get(id))?.request).toMatchObject({ status: 'rejected', approver: personOf(approver) });
  });

  it.each([
    { label: 'an empty body', init: {} },
    { label: 'no reason field', init: { json: {} } },
    { label: 'a blank reason', init: { json: { reason: '   ' } } },
    { label: 'a reason that is not a string', init: { json: { reason: 42 } } },
    { label: 'a reason over 1000 characters', init: { json: { reason: 'x'.repeat(1001) } } },
  ])('reject with $label: 400 naming reason, nothing decided', async ({ init }) => {
    const { decide, statusOf, progress } = setup();
    const answer = await decide('reject', approver, init);
    expect(answer.status).toBe(400);
    expect(pathsOf(answer)).toEqual(['reason']);
    expect(await statusOf()).toBe('pending-approval');
    expect(progress).toEqual([]);
  });

  it('400 naming body when it is not a JSON object', async () => {
    const { decide } = setup();
    const answer = await decide('approve', approver, { json: ['approve'] });
    expect(answer.status).toBe(400);
    expect(pathsOf(answer)).toEqual(['body']);
  });

  it('413 naming body when Content-Length is over RULE_REQUEST_MAX_BODY_BYTES', async () => {
    const { decide, deps } = setup();
    const answer = await decide('approve', approver, { json: {}, headers: { 'content-length': String(deps.settings.ruleRequestMaxBodyBytes + 1) } });
    expect(answer.status).toBe(413);
    expect(errorOf(answer).code).toBe('body-too-large');
    expect(pathsOf(answer)).toEqual(['body']);
  });

  it('400 naming id when the route id is not a rule request id', async () => {
    const { decide } = setup();
    const answer = await decide('approve', approver, { requestId: '-bad_id' });
    expect(answer.status).toBe(400);
    expect(pathsOf(answer)).toEqual(['id']);
  });

  it('404 for an unknown request', async () => {
    const { decide } = setup();
    const answer = await decide('approve', approver, { requestId: 'rr-20261201-ffffffffff' });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe('rule-request-not-found');
  });

  it('401 when the caller is not signed in, and for everyone while the principal header is not vouched for (fail closed)', async () => {
    expect(errorOf(await setup().decide('approve', undefined)).code).toBe('principal-missing');
    const { decide, statusOf } = setup({ settings: testSettings({ WEBSITE_AUTH_ENABLED: 'false' }) });
    const answer = await decide('approve', approver);
    expect(answer.status).toBe(401);
    expect(errorOf(answer).code).toBe('principal-untrusted');
    expect(await statusOf()).toBe('pending-approval');
  });

  it('403 for a caller who is not an approver, and for an approver deciding their own request', async () => {
    const { decide, statusOf, store } = setup();
    const notApprover = await decide('approve', bystander);
    expect(notApprover.status).toBe(403);
    expect(errorOf(notApprover).code).toBe('not-an-approver');
    store.seed(pendingRequest('rr-20261201-00000000aa', approver));
    const own = await decide('approve', approver, { requestId: 'rr-20261201-00000000aa' });
    expect(own.status).toBe(403);
    expect(errorOf(own).code).toBe('own-request');
    expect(await statusOf()).toBe('pending-approval');
  });

  it('409 when someone else already decided; the same approver repeating their decision gets 200 repeated and it is delivered again', async () => {
    const { decide, store, progress } = setup();
    store.seed(after(pendingRequest(id), { type: 'approve', by: personOf(approver) }));
    const other = await decide('reject', otherApprover, { json: { reason: 'no' } });
    expect(other.status).toBe(409);
    expect(errorOf(other)).toMatchObject({ code: 'invalid-transition', message: expect.stringMatching(/is approved; only a pending-approval request can be rejected/) });
    expect(progress).toEqual([]);
    const retry = await decide('approve', approver);
    expect(retry).toEqual({ status: 200, jsonBody: { id, status: 'approved', decidedBy: personOf(approver), repeated: true } });
    expect(progress).toEqual([{ id, status: 'approved', raiseDecision: true }]);
  });

  it('a race lost between the read and the etag-guarded write answers 409, never overwriting the winner', async () => {
    const { decide, store, statusOf } = setup();
    const read = store.get.bind(store);
    let reads = 0;
    store.get = async (requestId) => {
      // The first read sees it pending; before the write, another approver rejects it.
      if (++reads === 2) store.seed(after(pendingRequest(id), { type: 'reject', by: personOf(otherApprover), note: 'no' }));
      return read(requestId);
    };
    const answer = await decide('approve', approver);
    expect(answer.status).toBe(409);
    expect(await statusOf()).toBe('rejected');
    expect((await store.get(id))?.request.approver).toEqual(personOf(otherApprover));
  });

  it("an approver's own request is recognised whatever the case of the object id (403)", async () => {
    const { decide, store } = setup();
    const upper = { ...approver, oid: approver.oid.toUpperCase() };
    store.seed(pendingRequest('rr-20261201-00000000bb', approver));
    expect(errorOf(await decide('reject', upper, { requestId: 'rr-20261201-00000000bb', json: { reason: 'mine' } })).code).toBe('own-request');
  });
});
