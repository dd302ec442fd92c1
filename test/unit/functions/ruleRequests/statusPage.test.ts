import type { HttpResponseInit } from '@azure/functions';
import { statusPageHandler } from '../../../../functions/ruleRequests/statusPage';
import { requestInstanceId } from '../../../../orchestrations/ruleRequests/names';
import {
  after,
  approver,
  bystander,
  fakeDurableClient,
  fakeRuleRequestDeps,
  httpRequest,
  otherApprover,
  pendingRequest,
  personOf,
  requester,
  testContext,
  testSettings,
  type TestPerson,
} from '../../../support/handlerFakes';

const id = 'rr-20261201-0123456789';
const pagePath = (requestId = id) => `/api/rule-requests/${requestId}/status-page`;
const html = (answer: HttpResponseInit) => String(answer.body);
const headersOf = (answer: HttpResponseInit) => answer.headers as Record<string, string>;
const reviewLink = `href="https://guard.example.com/api/rule-requests/${id}/review"`;

function setup(settingsEnv: Record<string, string> = {}, stages: Record<string, { runtimeStatus: string; customStatus?: unknown }> = {}) {
  const durable = fakeDurableClient(stages);
  const fakes = fakeRuleRequestDeps({ settings: testSettings(settingsEnv), durableClient: () => durable.client });
  fakes.store.seed(pendingRequest(id));
  const { context, logs } = testContext();
  const show = (as: TestPerson | null, requestId = id, headers: Record<string, string> = {}) =>
    statusPageHandler(fakes.deps)(httpRequest({ url: `https://guard.example.com${pagePath(requestId)}`, params: { id: requestId }, headers, ...(as ? { as } : {}) }), context);
  return { ...fakes, logs, show };
}

describe('GET /api/rule-requests/{id}/status-page', () => {
  it('shows the requester their request: status first, details and history, no forms and no review link', async () => {
    const answer = await setup({}, { [requestInstanceId(id)]: { runtimeStatus: 'Running', customStatus: { stage: 'awaiting-approval', requestId: id } } }).show(requester);
    expect(answer.status).toBe(200);
    const page = html(answer);
    expect(page).toContain('Signed in as Rita Requester');
    expect(page).toMatch(/id="current-status"><h2>Pending approval<\/h2><p>Waiting for an approver/);
    expect(page.indexOf('id="current-status"')).toBeLessThan(page.indexOf('id="details"'));
    expect(page).toContain('Orchestration stage: awaiting-approval');
    for (const text of ['api.partner.example', 'Https:443', '10.42.1.0/24', 'Payment provider API for checkout', '2026-12-31T00:00:00.000Z', '<table id="history">', 'requested']) {
      expect(page).toContain(text);
    }
    expect(page).not.toContain('<form');
    expect(page).not.toContain(reviewLink);
    expect(page).toContain('nobody approves or rejects their own');
  });

  it('has the review page\'s security headers', async () => {
    const answer = await setup().show(requester);
    expect(headersOf(answer)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    expect(headersOf(answer)['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headersOf(answer)['content-security-policy']).toContain("default-src 'none'");
  });

  it('shows an approver a pending request with a link to the review page', async () => {
    const answer = await setup().show(approver);
    expect(answer.status).toBe(200);
    expect(html(answer)).toContain(reviewLink);
    expect(html(answer)).toContain('api.partner.example');
    expect(html(answer)).not.toContain('<form');
  });

  it('an approver who holds only the APPROVER_APP_ROLE role may see it too', async () => {
    const roleHolder = { oid: '55555555-5555-4555-8555-555555555555', name: 'Rolf Roleholder' };
    const { deps, store } = setup({ APPROVER_APP_ROLE: 'EgressGuard.Approver' });
    const { context } = testContext();
    const header = Buffer.from(
      JSON.stringify({ auth_typ: 'aad', name_typ: 'name', claims: [{ typ: 'oid', val: roleHolder.oid }, { typ: 'name', val: roleHolder.name }, { typ: 'roles', val: 'EgressGuard.Approver' }] }),
    ).toString('base64');
    const answer = await statusPageHandler(deps)(httpRequest({ url: `https://guard.example.com${pagePath()}`, params: { id }, headers: { 'x-ms-client-principal': header } }), context);
    expect(answer.status).toBe(200);
    expect(html(answer)).toContain(reviewLink);
    expect(store.updates).toBe(0);
  });

  it('no review link once decided, nor for an approver on their own pending request', async () => {
    const { show, store } = setup();
    store.seed(after(pendingRequest(id), { type: 'approve', by: personOf(otherApprover) }, { type: 'start-apply' }));
    const decided = await show(approver);
    expect(decided.status).toBe(200);
    expect(html(decided)).toMatch(/<h2>Being applied<\/h2><p>Approved by Otto Approver at 2026-12-01T11:00:00.000Z; the firewall rule is being applied\./);
    expect(html(decided)).not.toContain('/review"');

    store.seed(pendingRequest('rr-20261201-00000000aa', approver));
    const own = await show(approver, 'rr-20261201-00000000aa');
    expect(own.status).toBe(200);
    expect(html(own)).not.toContain('/review"');
    expect(html(own)).toContain('nobody approves or rejects their own');
  });

  it('says a rejection by timeout apart from a rejection by an approver, and escapes what came from people', async () => {
    const { show, store } = setup();
    const markup = '<img src=x onerror="alert(1)">';
    store.seed(after(pendingRequest(id), { type: 'reject', note: 'approval timed out' }));
    expect(html(await show(requester))).toContain('Rejected: nobody approved it before the approval timeout');
    store.seed(after(pendingRequest(id), { type: 'reject', by: personOf(otherApprover), note: `use the mirror ${markup}` }));
    const page = html(await show(requester));
    expect(page).toContain('Rejected by Otto Approver at 2026-12-01T11:00:00.000Z.');
    expect(page).not.toContain(markup);
    expect(page).toContain('use the mirror &#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
  });

  it('403 for anyone else signed in, saying why, without the request\'s details', async () => {
    const { show, store } = setup();
    const answer = await show(bystander);
    expect(answer.status).toBe(403);
    expect(html(answer)).toContain('You cannot see this rule request');
    expect(html(answer)).toContain('Bob Bystander is neither the requester of this rule request nor an approver');
    for (const detail of ['api.partner.example', 'Rita Requester', 'Payment provider', '10.42.1.0/24', 'id="details"']) expect(html(answer)).not.toContain(detail);
    expect(store.updates).toBe(0);
  });

  it('401 with a sign-in link back to the status page when not signed in, and no details', async () => {
    const answer = await setup().show(null);
    expect(answer.status).toBe(401);
    expect(html(answer)).toContain('Sign in to see this rule request');
    expect(html(answer)).toContain(`href="/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(pagePath())}"`);
    expect(html(answer)).not.toContain('api.partner.example');
  });

  it('401 for a malformed principal', async () => {
    const answer = await setup().show(null, id, { 'x-ms-client-principal': 'not-base64!' });
    expect(answer.status).toBe(401);
    expect(html(answer)).toContain('malformed');
    expect(html(answer)).not.toContain('api.partner.example');
  });

  it('fails closed: 401 without a sign-in link while App Service Authentication is off, even for a forged approver', async () => {
    const answer = await setup({ WEBSITE_AUTH_ENABLED: 'false' }).show(approver);
    expect(answer.status).toBe(401);
    expect(html(answer)).toContain('Sign-in is not available');
    expect(html(answer)).not.toContain('/.auth/login');
    expect(html(answer)).not.toContain('api.partner.example');
  });

  it('400 page for a link that names no rule request, 404 page for an unknown one', async () => {
    const { show } = setup();
    const bad = await show(requester, '_x<script>');
    expect(bad.status).toBe(400);
    expect(html(bad)).toContain('Not a rule request');
    expect(html(bad)).not.toContain('<script>');
    const unknown = await show(requester, 'rr-20261201-ffffffffff');
    expect(unknown.status).toBe(404);
    expect(html(unknown)).toContain('There is no rule request rr-20261201-ffffffffff');
  });

  it('the page still answers when the orchestration cannot be read (the store is the authority)', async () => {
    const { show, deps } = setup();
    const { context } = testContext();
    const failingDurable = { ...deps, durableClient: () => { throw new Error('no durable client input'); } };
    expect((await show(requester)).status).toBe(200);
    const answer = await statusPageHandler(failingDurable)(httpRequest({ url: `https://guard.example.com${pagePath()}`, params: { id }, as: requester }), context);
    expect(answer.status).toBe(200);
    expect(html(answer)).not.toContain('Orchestration stage');
  });

  it('503 page with retry-after and no internals when the store fails; the stack goes to the log only', async () => {
    const { deps } = setup();
    const { context, logs } = testContext();
    const failing = { ...deps, store: async () => Promise.reject(new Error('table down: AccountKey=secret')) };
    const answer = await statusPageHandler(failing)(httpRequest({ url: `https://guard.example.com${pagePath()}`, params: { id }, as: requester }), context);
    expect(answer.status).toBe(503);
    expect(headersOf(answer)['retry-after']).toBe('5');
    expect(html(answer)).toContain('Try again shortly');
    expect(html(answer)).not.toContain('secret');
    expect(html(answer)).not.toMatch(/at .*\.ts:\d+/);
    expect(logs.join('\n')).toContain('table down');
  });
});
