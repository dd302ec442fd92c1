import { NetworkManagementClient } from '@azure/arm-network';
import fc from 'fast-check';
import { eventually, sandboxCredential, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

const subscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const clusterId = `/subscriptions/${subscriptionId}/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress`;
const groupName = 'egress-guard-requests';

let sandbox: SandboxProcess;
let network: NetworkManagementClient;
/** Created first so the one-minute approval timeout (the shortest APPROVAL_TIMEOUT allows) runs while other tests do. */
let timedOutId: string;

const body = (overrides: Record<string, unknown> = {}) => ({
  fqdns: ['api.payments.example.com'],
  protocols: ['Https:443'],
  source: { cluster: clusterId },
  justification: 'Checkout calls the payment provider API',
  ...overrides,
});

async function call(path: string, principal: string | undefined, init: { method?: string; body?: unknown; raw?: string } = {}) {
  const response = await sandbox.callFunction(path, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(principal ? { 'x-ms-client-principal': principal } : {}) },
    ...(init.raw !== undefined ? { body: init.raw } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: response.status, json };
}

const requester = () => sandbox.endpoints.principals.requester;
const approver = () => sandbox.endpoints.principals.approver;
const create = (overrides: Record<string, unknown> = {}) => call('/api/rule-requests', requester(), { method: 'POST', body: body(overrides) });
const approve = (id: string, principal = approver()) => call(`/api/rule-requests/${id}/approve`, principal, { method: 'POST' });

async function ownedRules() {
  const group = await network.firewallPolicyRuleCollectionGroups.get('rg-hub', 'afwp-hub', groupName).catch(() => undefined);
  return (group?.ruleCollections ?? []).flatMap((collection) => ((collection as { rules?: Array<{ name?: string; targetFqdns?: string[]; sourceAddresses?: string[] }> }).rules ?? []));
}

async function teamsText(): Promise<string> {
  return (await fetch(sandbox.endpoints.teams.messagesUrl)).text();
}

const statusOf = async (id: string) => (await call(`/api/rule-requests/${id}`, requester())).json;

beforeAll(async () => {
  sandbox = await startSandboxProcess({ initialSweep: false, settings: { APPROVAL_TIMEOUT: 'PT1M' } });
  network = new NetworkManagementClient(sandboxCredential, subscriptionId, { endpoint: sandbox.endpoints.arm.url });
  const timed = await create({ fqdns: ['nobody-decides.example.com'] });
  expect(timed.status).toBe(202);
  timedOutId = timed.json.id;
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('POST /api/rule-requests', () => {
  it('refuses a caller without x-ms-client-principal with 401', async () => {
    const response = await call('/api/rule-requests', undefined, { method: 'POST', body: body() });
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('principal-missing');
  });

  it('answers 400 naming every bad field', async () => {
    const response = await call('/api/rule-requests', requester(), { method: 'POST', body: { fqdns: ['*.com'], protocols: ['Ftp:21'], source: { addresses: ['8.8.8.0/24'] } } });
    expect(response.status).toBe(400);
    const paths = response.json.error.problems.map((problem: { path: string }) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['fqdns[0]', 'protocols[0]', 'source.addresses[0]', 'justification']));
  });

  it('answers 413 for a body over RULE_REQUEST_MAX_BODY_BYTES and 400 for non-JSON', async () => {
    expect((await call('/api/rule-requests', requester(), { method: 'POST', raw: JSON.stringify(body({ justification: 'x'.repeat(40_000) })) })).status).toBe(413);
    const notJson = await call('/api/rule-requests', requester(), { method: 'POST', raw: '{"fqdns": [' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.problems[0].path).toBe('body');
  });

  it('returns the first request for a repeated idempotency key', async () => {
    const first = await create({ fqdns: ['idempotent.example.com'], idempotencyKey: 'retry-1' });
    const again = await create({ fqdns: ['idempotent.example.com'], idempotencyKey: 'retry-1' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
  });

  it('never answers 5xx and names the field of every 4xx (fuzzed bodies over HTTP)', async () => {
    const field = fc.oneof(fc.constant(undefined), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant('Https:443'), fc.constant('10.42.1.0/24'), fc.constant('example.org')), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
    const bodies = fc.oneof(
      fc.record({ fqdns: field, protocols: field, source: fc.oneof(field, fc.record({ cluster: field }), fc.record({ addresses: field })), justification: field, expiresAt: field, idempotencyKey: field }, { requiredKeys: [] }),
      fc.jsonValue().map((value) => value as unknown),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (candidate) => {
        const response = await call('/api/rule-requests', requester(), { method: 'POST', raw: JSON.stringify(candidate) ?? '' });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.json.error.problems.length).toBeGreaterThan(0);
          for (const problem of response.json.error.problems) expect(problem.path).toMatch(/^(body|fqdns|protocols|source|justification|expiresAt|idempotencyKey|\[|[A-Za-z_$])/);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('approval flow', () => {
  it('applies an approved request as a rule in the owned group, with history, rule and audit on GET', async () => {
    const created = await create({ fqdns: ['approved.example.com'] });
    expect(created.status).toBe(202);
    const { id } = created.json;
    await eventually('the approver card', async () => ((await teamsText()).includes(id) ? true : undefined));
    const decided = await approve(id);
    expect(decided.status).toBe(200);
    const applied = await eventually('the rule applied', async () => {
      const status = await statusOf(id);
      return status.status === 'applied' ? status : undefined;
    }, 60_000);
    const rule = (await ownedRules()).find((candidate) => candidate.name === `req-${id}`);
    expect(rule?.targetFqdns).toEqual(['approved.example.com']);
    expect(rule?.sourceAddresses?.length).toBeGreaterThan(0);
    expect(applied.rule.name).toBe(`req-${id}`);
    expect(applied.audit).toMatchObject({ requestId: id, status: 'applied', approver: { name: 'Avery Approver' }, diff: { added: [`req-${id}`] } });
    expect(applied.history.map((entry: { stage: string }) => entry.stage)).toEqual(['pending-approval', 'approved', 'applying', 'applied']);
    await eventually('the applied notice', async () => ((await teamsText()).includes('is now allowed by the firewall') ? true : undefined));
  }, 90_000);

  it('answers "already allowed" naming the rule when the policy already allows the FQDN', async () => {
    const response = await create({ fqdns: ['approved.example.com'] });
    expect(response.status).toBe(200);
    expect(response.json.alreadyAllowed).toBe(true);
    expect(response.json.message).toMatch(/rule req-rr-/);
  });

  it('refuses self-approval with 403', async () => {
    const own = await call('/api/rule-requests', approver(), { method: 'POST', body: body({ fqdns: ['self.example.com'] }) });
    expect(own.status).toBe(202);
    const response = await approve(own.json.id, approver());
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('own-request');
  });

  it('notifies the requester of a rejection, with the reason', async () => {
    const { json } = await create({ fqdns: ['rejected.example.com'] });
    const missing = await call(`/api/rule-requests/${json.id}/reject`, approver(), { method: 'POST', body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.problems[0].path).toBe('reason');
    const rejected = await call(`/api/rule-requests/${json.id}/reject`, approver(), { method: 'POST', body: { reason: 'Use the internal mirror' } });
    expect(rejected.status).toBe(200);
    await eventually('the rejection notice', async () => ((await teamsText()).includes('Use the internal mirror') ? true : undefined), 30_000);
    expect((await statusOf(json.id)).status).toBe('rejected');
  }, 60_000);

  it('removes exactly the expired rule when its request expires, and tells the requester', async () => {
    const expiresAt = new Date(Date.now() + 20_000).toISOString();
    const { json } = await create({ fqdns: ['short-lived.example.com'], expiresAt });
    await approve(json.id);
    await eventually('the short-lived rule applied', async () => ((await statusOf(json.id)).status === 'applied' ? true : undefined), 60_000);
    const before = (await ownedRules()).map((rule) => rule.name);
    expect(before).toContain(`req-${json.id}`);
    await eventually('the rule expired', async () => ((await statusOf(json.id)).status === 'expired' ? true : undefined), 90_000);
    const after = (await ownedRules()).map((rule) => rule.name);
    expect(after).toEqual(before.filter((name) => name !== `req-${json.id}`));
    await eventually('the removal notice', async () => ((await teamsText()).includes('reached its expiry') ? true : undefined));
  }, 180_000);

  it('rejects as expired a request nobody decided within APPROVAL_TIMEOUT and tells the requester', async () => {
    const status = await eventually('the approval timeout', async () => {
      const current = await statusOf(timedOutId);
      return current.status === 'rejected' ? current : undefined;
    }, 120_000);
    expect(status.approver).toBeUndefined();
    await eventually('the expiry notice', async () => ((await teamsText()).includes('expired before anyone approved it') ? true : undefined));
  }, 130_000);
});

describe('GET /api/rule-requests', () => {
  it('lists requests filtered by status and refuses an unknown status naming the field', async () => {
    const rejected = await call('/api/rule-requests?status=rejected', requester());
    expect(rejected.status).toBe(200);
    expect(rejected.json.items.every((item: { status: string }) => item.status === 'rejected')).toBe(true);
    const bad = await call('/api/rule-requests?status=nope', requester());
    expect(bad.status).toBe(400);
    expect(bad.json.error.problems[0].path).toBe('status');
  });

  it('serves the prefilled form anonymously, escaping the query', async () => {
    const response = await fetch(`${sandbox.endpoints.functions.baseUrl}/api/rule-requests/new?fqdn=registry.npmjs.org&cluster=${encodeURIComponent('<x>')}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('registry.npmjs.org');
    expect(html).not.toContain('<x>');
  });
});
