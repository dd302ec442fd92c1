import { messagePage, noLongerPendingPage, reviewPage, signInPage } from '../../../../functions/ruleRequests/reviewHtml';
import type { RuleRequest } from '../../../../shared/core/ruleRequests/ruleRequest';

const evil = '<script>alert("x")</script>';
const request = (overrides: Partial<RuleRequest> = {}): RuleRequest => ({
  id: 'rr-20261124-0a1b2c3d4e',
  status: 'pending-approval',
  spec: {
    fqdns: ['api.payments.example.com', 'cdn.payments.example.com'],
    protocols: [{ protocolType: 'Https', port: 443 }],
    source: { kind: 'addresses', addresses: ['10.42.1.0/24'] },
    justification: `Checkout needs it ${evil} & more`,
    expiresAt: '2026-12-24T10:00:00.000Z',
  },
  requester: { userId: '11111111-aaaa-4bbb-8ccc-000000000001', name: `Riley ${evil}` },
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  history: [{ at: '2026-11-24T10:00:00.000Z', stage: 'pending-approval', by: { userId: '11111111-aaaa-4bbb-8ccc-000000000001', name: `Riley ${evil}` }, note: `requested ${evil}` }],
  ...overrides,
});

const htmlOf = (page: { body?: unknown }) => String(page.body);

describe('reviewPage', () => {
  const page = reviewPage({ request: request(), viewer: `Avery "A" ${evil}`, token: 'v1.1.tok"en' });
  const html = htmlOf(page);

  it('shows who, what, protocols, sources, justification, expiry, status and history', () => {
    expect(page.status).toBe(200);
    for (const text of ['rr-20261124-0a1b2c3d4e', 'api.payments.example.com', 'cdn.payments.example.com', 'Https:443', '10.42.1.0/24', 'Checkout needs it', '2026-12-24T10:00:00.000Z', 'pending-approval', 'requested']) {
      expect(html).toContain(text);
    }
  });

  it('escapes everything that came from a user, including the token attribute', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('&#38; more');
    expect(html).toContain('value="v1.1.tok&#34;en"');
  });

  it('has an Approve form and a Reject form whose reason is required, both posting the token to the page itself', () => {
    expect(html).toMatch(/<form method="post" action="" id="approve"><input type="hidden" name="decision" value="approve">/);
    expect(html).toMatch(/<form method="post" action="" id="reject"><input type="hidden" name="decision" value="reject">/);
    expect(html).toMatch(/<textarea name="reason" rows="2" maxlength="1000" required>/);
    expect(html.match(/name="token"/g)).toHaveLength(2);
  });

  it('forbids framing, caching and scripts and keeps the referrer same-origin', () => {
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
    });
    const csp = (page.headers as Record<string, string>)['content-security-policy'];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('script-src');
  });

  it('shows a cluster source by its id', () => {
    const clusterId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
    expect(htmlOf(reviewPage({ request: request({ spec: { ...request().spec, source: { kind: 'cluster', clusterId } } }), viewer: 'A', token: 't' }))).toContain(clusterId);
  });
});

describe('noLongerPendingPage', () => {
  it('says what the request is now and who decided, without forms', () => {
    const decided = request({ status: 'rejected', approver: { userId: 'x', name: `Avery ${evil}` }, decidedAt: '2026-11-24T11:00:00.000Z' });
    const html = htmlOf(noLongerPendingPage(decided, 409));
    expect(noLongerPendingPage(decided, 409).status).toBe(409);
    expect(html).toContain('is no longer pending approval: it is rejected by Avery &#60;script&#62;');
    expect(html).toContain('2026-11-24T11:00:00.000Z');
    expect(html).not.toContain('<form');
    expect(html).not.toContain('<script>');
  });
});

describe('messagePage', () => {
  it('escapes the title and message and adds details only when given a request', () => {
    const bare = htmlOf(messagePage(403, `No ${evil}`, `because ${evil}`));
    expect(bare).not.toContain('<script>');
    expect(bare).not.toContain('id="details"');
    expect(htmlOf(messagePage(403, 'No', 'why', request()))).toContain('id="details"');
  });
});

describe('signInPage', () => {
  it('answers 401 linking to the App Service Authentication login that returns to the page', () => {
    const page = signInPage('/api/rule-requests/rr-1/review', `missing ${evil}`);
    expect(page.status).toBe(401);
    expect(htmlOf(page)).toContain('href="/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Frule-requests%2Frr-1%2Freview"');
    expect(htmlOf(page)).not.toContain('<script>');
  });
});
