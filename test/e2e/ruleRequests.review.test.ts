import { NetworkManagementClient } from '@azure/arm-network';
import { eventually, sandboxCredential, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

/**
 * The approver review page (GET/POST /api/rule-requests/{id}/review), anonymous at the Functions level: every call
 * here goes WITHOUT a function key, the identity is the x-ms-client-principal App Service Authentication would set.
 */

const subscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const clusterId = `/subscriptions/${subscriptionId}/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress`;
const groupName = 'egress-guard-requests';
const markup = '<img src=x onerror="alert(1)">';

let sandbox: SandboxProcess;
let network: NetworkManagementClient;

const requester = () => sandbox.endpoints.principals.requester;
const approver = () => sandbox.endpoints.principals.approver;
const baseUrl = () => sandbox.endpoints.functions.baseUrl;
const reviewUrl = (id: string) => `${baseUrl()}/api/rule-requests/${id}/review`;

/** Creates a request through the function-level API (with the key), as the requester unless told otherwise. */
async function create(fqdn: string, principal = requester()): Promise<string> {
  const response = await sandbox.callFunction('/api/rule-requests', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-client-principal': principal },
    body: JSON.stringify({ fqdns: [fqdn], protocols: ['Https:443'], source: { cluster: clusterId }, justification: `Needed for checkout ${markup} & "quotes"` }),
  });
  const json = (await response.json()) as { id: string };
  expect(response.status).toBe(202);
  return json.id;
}

/** The review page as a browser would get it: no function key. */
async function view(id: string, principal: string | undefined) {
  const response = await fetch(reviewUrl(id), { headers: principal ? { 'x-ms-client-principal': principal } : {} });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

async function submit(id: string, principal: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(reviewUrl(id), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-ms-client-principal': principal, ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, html: await response.text() };
}

const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';

const statusOf = async (id: string) => {
  const response = await sandbox.callFunction(`/api/rule-requests/${id}`, { headers: { 'x-ms-client-principal': requester() } });
  return (await response.json()) as { status: string; rule: { name: string } | null; approver?: { name: string } };
};

async function ownedRules() {
  const group = await network.firewallPolicyRuleCollectionGroups.get('rg-hub', 'afwp-hub', groupName).catch(() => undefined);
  return (group?.ruleCollections ?? []).flatMap((collection) => (collection as { rules?: Array<{ name?: string; targetFqdns?: string[] }> }).rules ?? []);
}

beforeAll(async () => {
  sandbox = await startSandboxProcess({ initialSweep: false });
  network = new NetworkManagementClient(sandboxCredential, subscriptionId, { endpoint: sandbox.endpoints.arm.url });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('GET /api/rule-requests/{id}/review', () => {
  it('is what the approver card links to', async () => {
    const id = await create('card-link.example.com');
    const text = await eventually('the approver card', async () => {
      const body = await (await fetch(sandbox.endpoints.teams.messagesUrl)).text();
      return body.includes(id) ? body : undefined;
    });
    expect(text).toContain(`/api/rule-requests/${id}/review#approve`);
    expect(text).toContain(`/api/rule-requests/${id}/review#reject`);
    expect(text).not.toContain(`/api/rule-requests/${id}/approve`);
    expect(text).not.toContain('code=');
  });

  it('shows the approver the request, escaped, with the Approve and Reject forms', async () => {
    const id = await create('review-page.example.com');
    const page = await view(id, approver());
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    for (const text of [id, 'Riley Requester', 'review-page.example.com', 'Https:443', clusterId, 'Needed for checkout', 'pending-approval', 'Signed in as Avery Approver']) {
      expect(page.html).toContain(text);
    }
    expect(page.html).not.toContain(markup);
    expect(page.html).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#34;quotes&#34;');
    expect(page.html).toContain('value="approve"');
    expect(page.html).toMatch(/name="reason"[^>]*required/);
    expect(tokenIn(page.html)).toMatch(/^v1\./);
  });

  it('answers 401 with a sign-in page without x-ms-client-principal', async () => {
    const id = await create('no-principal.example.com');
    const page = await view(id, undefined);
    expect(page.status).toBe(401);
    expect(page.html).toContain('Sign in');
    expect(page.html).toContain(`post_login_redirect_uri=%2Fapi%2Frule-requests%2F${id}%2Freview`);
    expect(page.html).not.toContain('no-principal.example.com');
  });

  it('answers 403 saying why for the requester (not an approver) and for an approver on their own request', async () => {
    const id = await create('not-yours.example.com');
    const notApprover = await view(id, requester());
    expect(notApprover.status).toBe(403);
    expect(notApprover.html).toContain('is not an approver');
    expect(notApprover.html).not.toContain('<form');

    const own = await create('own-request.example.com', approver());
    const page = await view(own, approver());
    expect(page.status).toBe(403);
    expect(page.html).toContain('cannot approve or reject their own request');
    expect(page.html).not.toContain('<form');
  });

  it('answers 404 for an unknown request', async () => {
    expect((await view('rr-20200101-0000000000', approver())).status).toBe(404);
  });
});

describe('POST /api/rule-requests/{id}/review', () => {
  it('approves with the page token, and the rule lands in the owned group', async () => {
    const id = await create('approved-on-page.example.com');
    const token = tokenIn((await view(id, approver())).html);
    const result = await submit(id, approver(), { decision: 'approve', token });
    expect(result.status).toBe(200);
    expect(result.html).toContain('Decision recorded');
    const applied = await eventually('the rule applied', async () => {
      const status = await statusOf(id);
      return status.status === 'applied' ? status : undefined;
    }, 60_000);
    expect(applied.approver?.name).toBe('Avery Approver');
    expect(applied.rule?.name).toBe(`req-${id}`);
    const rule = (await ownedRules()).find((candidate) => candidate.name === `req-${id}`);
    expect(rule?.targetFqdns).toEqual(['approved-on-page.example.com']);

    const again = await submit(id, approver(), { decision: 'reject', reason: 'changed my mind', token });
    expect(again.status).toBe(409);
    expect(again.html).toContain('no longer pending approval');
    expect(again.html).not.toContain('<form');
    const later = await view(id, approver());
    expect(later.status).toBe(200);
    expect(later.html).toContain('no longer pending approval');
    expect(later.html).not.toContain('<form');
  }, 90_000);

  it('rejects with a same-origin Origin (no token), and requires a reason', async () => {
    const id = await create('rejected-on-page.example.com');
    const origin = { origin: new URL(baseUrl()).origin };
    const missing = await submit(id, approver(), { decision: 'reject', reason: '  ' }, origin);
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('reason');
    expect((await statusOf(id)).status).toBe('pending-approval');

    const result = await submit(id, approver(), { decision: 'reject', reason: `Use the mirror ${markup}` }, origin);
    expect(result.status).toBe(200);
    expect(result.html).toContain('Decision recorded');
    expect(result.html).not.toContain(markup);
    expect((await statusOf(id)).status).toBe('rejected');
  });

  it.each<{ label: string; headers: Record<string, string>; withToken: boolean; token?: string }>([
    { label: 'no Origin, no Referer, no token', headers: {}, withToken: false },
    { label: 'another site as Origin, even with a valid token', headers: { origin: 'https://evil.example' }, withToken: true },
    { label: 'another site as Referer', headers: { referer: 'https://evil.example/phish' }, withToken: false },
    { label: 'Origin null and a forged token', headers: { origin: 'null' }, withToken: false, token: 'v1.1700000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  ])('refuses a POST without CSRF proof ($label) with 403 and changes nothing', async ({ headers, withToken, token }) => {
    const id = await create(`csrf-${Math.random().toString(36).slice(2, 8)}.example.com`);
    const form: Record<string, string> = { decision: 'approve' };
    if (withToken) form.token = tokenIn((await view(id, approver())).html);
    if (token) form.token = token;
    const result = await submit(id, approver(), form, headers);
    expect(result.status).toBe(403);
    expect(result.html).toContain('Nothing was decided');
    expect((await statusOf(id)).status).toBe('pending-approval');
  });

  it('refuses a token issued for another request', async () => {
    const target = await create('token-swap-a.example.com');
    const other = await create('token-swap-b.example.com');
    const tokenForOther = tokenIn((await view(other, approver())).html);
    const result = await submit(target, approver(), { decision: 'approve', token: tokenForOther });
    expect(result.status).toBe(403);
    expect(result.html).toContain('could not be verified');
    expect((await statusOf(target)).status).toBe('pending-approval');
  });

  it('refuses an own request through the decide code (403) even with a valid proof', async () => {
    const own = await create('own-on-page.example.com', approver());
    const result = await submit(own, approver(), { decision: 'approve' }, { origin: new URL(baseUrl()).origin });
    expect(result.status).toBe(403);
    expect(result.html).toContain('cannot approve or reject their own request');
    expect((await statusOf(own)).status).toBe('pending-approval');
  });

  it('answers 401 without x-ms-client-principal', async () => {
    const id = await create('post-no-principal.example.com');
    const response = await fetch(reviewUrl(id), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(baseUrl()).origin }, body: 'decision=approve' });
    expect(response.status).toBe(401);
    expect((await statusOf(id)).status).toBe('pending-approval');
  });
});
