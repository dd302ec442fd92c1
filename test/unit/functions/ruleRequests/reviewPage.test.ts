import type { HttpResponseInit } from '@azure/functions';
import { issueReviewToken } from '../../../../functions/ruleRequests/csrfToken';
import { reviewHandler, showReview, submitReview } from '../../../../functions/ruleRequests/reviewPage';
import { after, approver, bystander, fakeRuleRequestDeps, httpRequest, otherApprover, pendingRequest, personOf, testContext, testSettings, type TestPerson } from '../../../support/handlerFakes';

const id = 'rr-20261201-0123456789';
const url = (requestId = id) => `https://guard.example.com/api/rule-requests/${requestId}/review`;
const html = (answer: HttpResponseInit) => String(answer.body);
const form = 'application/x-www-form-urlencoded';
const sameOrigin = { origin: 'https://guard.example.com', 'content-type': form };

function setup(settingsEnv: Record<string, string> = {}) {
  const fakes = fakeRuleRequestDeps({ settings: testSettings(settingsEnv) });
  fakes.store.seed(pendingRequest(id));
  const { context, logs } = testContext();
  const show = (as: TestPerson | null, requestId = id) => reviewHandler(fakes.deps, showReview)(httpRequest({ url: url(requestId), params: { id: requestId }, ...(as ? { as } : {}) }), context);
  const submit = (as: TestPerson | null, fields: Record<string, string>, headers: Record<string, string> = sameOrigin) =>
    reviewHandler(fakes.deps, submitReview)(httpRequest({ method: 'POST', url: url(), params: { id }, ...(as ? { as } : {}), headers, text: new URLSearchParams(fields).toString() }), context);
  const statusOf = async () => (await fakes.store.get(id))?.request.status;
  return { ...fakes, logs, show, submit, statusOf };
}

describe('GET /api/rule-requests/{id}/review', () => {
  it('shows an approver the request with Approve and Reject forms carrying a page token', async () => {
    const answer = await setup().show(approver);
    expect(answer.status).toBe(200);
    expect(html(answer)).toContain('Signed in as Anna Approver');
    expect(html(answer)).toContain('<form method="post" action="" id="approve">');
    expect(html(answer)).toMatch(/name="token" value="v1\.\d+\.[A-Za-z0-9_-]{43}"/);
    expect(html(answer)).toContain('api.partner.example');
  });

  it('a request no longer pending shows who decided it, without forms', async () => {
    const { show, store } = setup();
    store.seed(after(pendingRequest(id), { type: 'approve', by: personOf(otherApprover) }));
    const answer = await show(approver);
    expect(answer.status).toBe(200);
    expect(html(answer)).toContain('is no longer pending approval: it is approved by Otto Approver');
    expect(html(answer)).not.toContain('id="approve"');
  });

  it('401 with a sign-in link back to this page when not signed in', async () => {
    const answer = await setup().show(null);
    expect(answer.status).toBe(401);
    expect(html(answer)).toContain(`href="/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(`/api/rule-requests/${id}/review`)}"`);
  });

  it('fails closed: 401 without a sign-in link while App Service Authentication is off (signing in cannot help)', async () => {
    const answer = await setup({ WEBSITE_AUTH_ENABLED: 'false' }).show(approver);
    expect(answer.status).toBe(401);
    expect(html(answer)).toContain('Sign-in is not available');
    expect(html(answer)).not.toContain('/.auth/login');
  });

  it('403 for a non-approver without the request details; an approver sees their own request, but no forms', async () => {
    const { show, store } = setup();
    const stranger = await show(bystander);
    expect(stranger.status).toBe(403);
    expect(html(stranger)).toContain('Bob Bystander is not an approver');
    expect(html(stranger)).not.toContain('api.partner.example');
    store.seed(pendingRequest('rr-20261201-00000000aa', approver));
    const mine = await show(approver, 'rr-20261201-00000000aa');
    expect(mine.status).toBe(403);
    expect(html(mine)).toContain('A requester cannot approve or reject their own request');
    expect(html(mine)).toContain('api.partner.example');
    expect(html(mine)).not.toContain('id="approve"');
  });

  it('400 for a link that names no rule request, 404 for an unknown one', async () => {
    const { show } = setup();
    expect((await show(approver, '_x')).status).toBe(400);
    const unknown = await show(approver, 'rr-20261201-ffffffffff');
    expect(unknown.status).toBe(404);
    expect(html(unknown)).toContain('There is no rule request rr-20261201-ffffffffff');
  });
});

describe('POST /api/rule-requests/{id}/review', () => {
  it('approve from the page (same origin): recorded, raised on the orchestration, result page 200', async () => {
    const { submit, statusOf, progress } = setup();
    const answer = await submit(approver, { decision: 'approve', reason: '' });
    expect(answer.status).toBe(200);
    expect(html(answer)).toContain(`Request ${id} is approved: the firewall rule is being applied.`);
    expect(await statusOf()).toBe('approved');
    expect(progress).toEqual([{ id, status: 'approved', raiseDecision: true }]);
  });

  it('403 for a form from another site, even with a valid token: nothing decided', async () => {
    const { submit, statusOf, logs } = setup();
    const token = issueReviewToken(id, approver.oid, new Date());
    const answer = await submit(approver, { decision: 'approve', token }, { origin: 'https://evil.example.net', 'content-type': form });
    expect(answer.status).toBe(403);
    expect(html(answer)).toContain('Form not accepted');
    expect(await statusOf()).toBe('pending-approval');
    expect(logs.join('\n')).toMatch(/refused: the form was sent from another site/);
  });

  it('without Origin or Referer only the page token proves the form: valid token accepted, missing or foreign token refused', async () => {
    const { submit, statusOf } = setup();
    const refused = await submit(approver, { decision: 'approve', token: issueReviewToken(id, otherApprover.oid, new Date()) }, { 'content-type': form });
    expect(refused.status).toBe(403);
    expect(await statusOf()).toBe('pending-approval');
    const accepted = await submit(approver, { decision: 'approve', token: issueReviewToken(id, approver.oid, new Date()) }, { 'content-type': form });
    expect(accepted.status).toBe(200);
    expect(await statusOf()).toBe('approved');
  });

  it('415 for a body that is not form-encoded, 400 when no decision is chosen', async () => {
    const { submit, statusOf } = setup();
    expect((await submit(approver, { decision: 'approve' }, { origin: 'https://guard.example.com', 'content-type': 'text/plain' })).status).toBe(415);
    const none = await submit(approver, { decision: 'maybe' });
    expect(none.status).toBe(400);
    expect(html(none)).toContain('choose Approve or Reject');
    expect(await statusOf()).toBe('pending-approval');
  });

  it('reject without a reason: 400 page naming the reason, nothing decided', async () => {
    const { submit, statusOf } = setup();
    const answer = await submit(approver, { decision: 'reject', reason: '  ' });
    expect(answer.status).toBe(400);
    expect(html(answer)).toContain('Nothing was decided: reason: is required');
    expect(await statusOf()).toBe('pending-approval');
  });

  it('409 page showing the request as it stands when someone else decided first', async () => {
    const { submit, store } = setup();
    store.seed(after(pendingRequest(id), { type: 'reject', by: personOf(otherApprover), note: 'no' }));
    const answer = await submit(approver, { decision: 'approve' });
    expect(answer.status).toBe(409);
    expect(html(answer)).toContain('it is rejected by Otto Approver');
  });

  it('403 page for a non-approver, 413 for a form over RULE_REQUEST_MAX_BODY_BYTES', async () => {
    const { submit, deps, statusOf } = setup();
    const stranger = await submit(bystander, { decision: 'approve' });
    expect(stranger.status).toBe(403);
    expect(html(stranger)).toContain('You cannot decide this request');
    const large = await submit(approver, { decision: 'approve' }, { ...sameOrigin, 'content-length': String(deps.settings.ruleRequestMaxBodyBytes + 1) });
    expect(large.status).toBe(413);
    expect(await statusOf()).toBe('pending-approval');
  });

  it('503 page with retry-after, no internals, when the store fails', async () => {
    const { deps } = setup();
    const failing = { ...deps, store: async () => Promise.reject(new Error('table down: AccountKey=secret')) };
    const { context } = testContext();
    const answer = await reviewHandler(failing, submitReview)(httpRequest({ method: 'POST', url: url(), params: { id }, as: approver, headers: sameOrigin, text: 'decision=approve' }), context);
    expect(answer.status).toBe(503);
    expect((answer.headers as Record<string, string>)['retry-after']).toBe('5');
    expect(html(answer)).not.toContain('secret');
  });
});
