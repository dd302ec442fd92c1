import { eventually, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { principalHeader } from '../support/handlerFakes';
import { sinkMessages } from './reportHelpers';

/**
 * The cards' Status button (GET /api/rule-requests/{id}/status-page), anonymous at the Functions level like the
 * review page: every page call here goes WITHOUT a function key, as a browser opened from Teams would; the identity
 * is the x-ms-client-principal App Service Authentication would set. The URLs are taken from the real cards the
 * app posted to the sandbox's Teams sink.
 */

const subscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const clusterId = `/subscriptions/${subscriptionId}/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress`;

let sandbox: SandboxProcess;

const requester = () => sandbox.endpoints.principals.requester;
const approver = () => sandbox.endpoints.principals.approver;
const bystander = principalHeader({ oid: '44444444-4444-4444-8444-444444444444', name: 'Bob Bystander' });

/** Creates a request through the function-level API (with the key), as the requester. */
async function create(fqdn: string): Promise<string> {
  const response = await sandbox.callFunction('/api/rule-requests', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-client-principal': requester() },
    body: JSON.stringify({ fqdns: [fqdn], protocols: ['Https:443'], source: { cluster: clusterId }, justification: 'Checkout calls the payment provider' }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

interface OpenUrlAction {
  readonly type: string;
  readonly title: string;
  readonly url: string;
}

/** The Status button's URL of the first card in the Teams sink that is about `id` and says `heading`. */
async function statusButtonOf(id: string, heading: string): Promise<string> {
  return eventually(`the "${heading}" card of ${id}`, async () => {
    for (const message of await sinkMessages(sandbox.endpoints.teams.messagesUrl)) {
      const card = message.payload.attachments[0]?.content as { body?: unknown; actions?: OpenUrlAction[] } | undefined;
      const text = JSON.stringify(card?.body ?? []);
      if (!text.includes(id) || !text.includes(heading)) continue;
      const status = (card?.actions ?? []).find((action) => action.type === 'Action.OpenUrl' && action.title === 'Status');
      if (status) return status.url;
    }
    return undefined;
  }, 60_000);
}

/** The page as a browser would get it: no function key. */
async function open(url: string, principal: string | undefined) {
  const response = await fetch(url, { headers: principal ? { 'x-ms-client-principal': principal } : {} });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

beforeAll(async () => {
  sandbox = await startSandboxProcess({ initialSweep: false });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("the cards' Status button", () => {
  it('opens the status page, without a key, for the requester; a bystander gets 403, the signed-out a sign-in page', async () => {
    const id = await create('status-card.example.com');
    const url = await statusButtonOf(id, 'FQDN allow rule request');
    expect(url).toBe(`${sandbox.endpoints.functions.baseUrl}/api/rule-requests/${id}/status-page`);
    expect(url).not.toContain('code=');
    expect(new URL(url).search).toBe('');

    const page = await open(url, requester());
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.html).toMatch(/id="current-status"><h2>Pending approval<\/h2>/);
    for (const text of [id, 'Riley Requester', 'status-card.example.com', 'Https:443', clusterId, 'Checkout calls the payment provider']) expect(page.html).toContain(text);
    expect(page.html).not.toContain('<form');
    expect(page.html).not.toContain('/review"');

    const stranger = await open(url, bystander);
    expect(stranger.status).toBe(403);
    expect(stranger.html).toContain('neither the requester of this rule request nor an approver');
    expect(stranger.html).not.toContain('status-card.example.com');

    const signedOut = await open(url, undefined);
    expect(signedOut.status).toBe(401);
    expect(signedOut.html).toContain(`post_login_redirect_uri=%2Fapi%2Frule-requests%2F${id}%2Fstatus-page`);
    expect(signedOut.html).not.toContain('status-card.example.com');
  });

  it("shows an approver the pending request with a working link to the review page, and the requester the result card's outcome", async () => {
    const id = await create('status-approved.example.com');
    const url = await statusButtonOf(id, 'FQDN allow rule request');
    const page = await open(url, approver());
    expect(page.status).toBe(200);
    const review = /<p id="review"><a href="([^"]+)">/.exec(page.html)?.[1];
    expect(review).toBe(`${sandbox.endpoints.functions.baseUrl}/api/rule-requests/${id}/review`);
    const reviewPage = await open(review!, approver());
    expect(reviewPage.status).toBe(200);
    expect(reviewPage.html).toContain('value="approve"');

    const decided = await sandbox.callFunction(`/api/rule-requests/${id}/approve`, { method: 'POST', headers: { 'x-ms-client-principal': approver() } });
    expect(decided.status).toBe(200);
    const resultUrl = await statusButtonOf(id, 'Rule request applied');
    expect(resultUrl).toBe(url);
    const applied = await open(resultUrl, requester());
    expect(applied.status).toBe(200);
    expect(applied.html).toContain('<h2>Allowed by the firewall</h2>');
    expect(applied.html).toContain('Avery Approver');
    expect((await open(resultUrl, approver())).html).not.toContain('id="review"');
  }, 90_000);

  it('answers 404 for an unknown request and 400 for a path that names none', async () => {
    const base = `${sandbox.endpoints.functions.baseUrl}/api/rule-requests`;
    expect((await open(`${base}/rr-20200101-0000000000/status-page`, requester())).status).toBe(404);
    expect((await open(`${base}/_x/status-page`, requester())).status).toBe(400);
  });
});
