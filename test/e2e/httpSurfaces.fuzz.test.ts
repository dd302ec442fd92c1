import fc from 'fast-check';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

/**
 * Property tests over every HTTP surface of the app and of the sandbox itself: whatever arrives (random and hostile
 * bodies, query strings, paths, methods, headers, nesting 5,000 deep, malformed percent-encoding), the answer is
 * never a 5xx and never carries a key or secret, and no key or secret ever reaches the sandbox's log.
 * Surfaces: Event Grid webhook, compliance, rule requests (create, list, get, approve, reject), the review page,
 * the status page, the egress report, the request form page and its submit, the host admin API, the Durable
 * management API.
 */
jest.setTimeout(600_000);

let sandbox: SandboxProcess;
let base: string;
let secrets: string[];

beforeAll(async () => {
  sandbox = await startSandboxProcess({ initialSweep: false, timers: false });
  base = sandbox.endpoints.functions.baseUrl;
  const { keys } = sandbox.endpoints;
  secrets = [keys.master, keys.function, keys.eventGrid, keys.durable, new URL(sandbox.endpoints.teams.webhookUrl).searchParams.get('sig') ?? ''].filter((secret) => secret.length >= 8);
  expect(secrets.length).toBe(5);
}, 120_000);
afterAll(async () => {
  await sandbox?.stop();
});

interface Probe {
  readonly path: string;
  readonly method: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

const failures: string[] = [];
/** Answers seen per status, so a run shows it reached the handlers (not only 401s and 404s). */
const seen = new Map<number, number>();
async function probe({ path, method, headers = {}, body }: Probe): Promise<number> {
  const response = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}) });
  const text = await response.text();
  seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
  if (response.status >= 500) failures.push(`${method} ${path.slice(0, 200)} -> ${response.status}: ${text.slice(0, 300)}`);
  for (const secret of secrets) {
    // The one exception, as in Azure: the Durable API's management URLs carry the system key back to a caller who
    // presented it or the master key (which grants every key anyway); statusQueryGetUri etc. end in code=<key>.
    const { durable, master } = sandbox.endpoints.keys;
    const echoedToItsHolder =
      path.startsWith('/runtime/webhooks/durabletask/') && secret === durable && (path.includes(`code=${durable}`) || path.includes(`code=${master}`));
    if (echoedToItsHolder) continue;
    let inHeaders = false;
    response.headers.forEach((value) => (inHeaders ||= value.includes(secret)));
    if (text.includes(secret) || inHeaders) failures.push(`${method} ${path.slice(0, 120)} answered a secret`);
  }
  return response.status;
}

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const hostile = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
  fc.constantFrom(deep(5000), `${'['.repeat(5000)}${']'.repeat(5000)}`, '{"a":', '\u0000', '%E0%A4%A', '{"fqdns":["a.example.com"],"__proto__":{"x":1}}', 'null', '[]', '"x"'),
);
const segment = fc.oneof(fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.constantFrom('%E0%A4%A', '%', '..', 'rr-20261207-0000000000', 'rule-request-x', '%00', 'a'.repeat(300)));
const query = fc.dictionary(fc.constantFrom('status', 'requester', 'state', 'from', 'to', 'fqdn', 'cluster', 'code', 'functionName', 'timeout', 'top', 'runtimeStatus', 'createdTimeFrom', 'showHistory'), fc.string({ maxLength: 40 }), { maxKeys: 3 }).map(
  (entries) => new URLSearchParams(entries).toString(),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');

const withKey = (key: string) => ({ 'x-functions-key': key });
const principals = () => fc.constantFrom(sandbox.endpoints.principals.requester, sandbox.endpoints.principals.approver, 'not-base64!', Buffer.from('{"claims":[]}').toString('base64'), '');
const runs = (numRuns: number) => ({ numRuns, endOnFailure: true });

it('rule request routes, review page, status page, form page: never 5xx, never a secret', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('', '/new', '/rr-20261207-0000000000', '/rr-20261207-0000000000/approve', '/rr-20261207-0000000000/reject', '/rr-20261207-0000000000/review', '/rr-20261207-0000000000/status-page'),
      segment,
      method,
      query,
      hostile,
      principals(),
      fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', ''),
      fc.boolean(),
      async (route, id, verb, search, body, principal, contentType, sameOrigin) => {
        const path = `/api/rule-requests${route.replace('rr-20261207-0000000000', id || 'x')}?${search}`;
        await probe({ path, method: verb, body, headers: { ...withKey(sandbox.endpoints.keys.function), 'x-ms-client-principal': principal, 'content-type': contentType, ...(sameOrigin ? { origin: base } : {}) } });
      },
    ),
    runs(250),
  );
  expect(failures).toEqual([]);
});

it('compliance and the egress report: never 5xx, never a secret; an unknown state is a 400 naming it', async () => {
  const bad = await fetch(`${base}/api/compliance?state=bogus`, { headers: withKey(sandbox.endpoints.keys.function) });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ error: { problems: [{ path: 'state' }] } });
  await fc.assert(fc.asyncProperty(query, async (search) => void (await probe({ path: `/api/compliance?${search}`, method: 'GET', headers: withKey(sandbox.endpoints.keys.function) }))), runs(60));
  const notADate = await fetch(`${base}/api/reports/egress`, { method: 'POST', headers: { ...withKey(sandbox.endpoints.keys.function), 'content-type': 'application/json' }, body: '{"from":"2026-02-30T00:00:00Z","to":"2026-03-01T00:00:00Z"}' });
  expect(notADate.status).toBe(400);
  expect(await notADate.json()).toMatchObject({ field: 'from' });
  await fc.assert(
    fc.asyncProperty(query, hostile, async (search, body) => void (await probe({ path: `/api/reports/egress?${search}`, method: 'POST', body, headers: { ...withKey(sandbox.endpoints.keys.function), 'content-type': 'application/json' } }))),
    runs(60),
  );
  expect(failures).toEqual([]);
});

it('the Event Grid webhook: never 5xx for anything that is not a well-formed event, never a secret', async () => {
  const eventGridKey = sandbox.endpoints.keys.eventGrid;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('Notification', 'SubscriptionValidation', 'Unsubscribe', 'bogus', ''),
      fc.oneof(hostile, fc.array(fc.record({ id: fc.string(), eventType: fc.oneof(fc.string(), fc.constant('Microsoft.Resources.ResourceWriteSuccess')), subject: fc.string(), data: fc.jsonValue(), dataVersion: fc.string(), eventTime: fc.string() }, { requiredKeys: [] }), { maxLength: 3 }).map((events) => JSON.stringify(events))),
      fc.constantFrom(`code=${eventGridKey}`, 'code=wrong', ''),
      async (eventType, body, code) =>
        void (await probe({ path: `/runtime/webhooks/eventgrid?functionName=driftEvents&${code}`, method: 'POST', body, headers: { 'aeg-event-type': eventType, 'content-type': 'application/json' } })),
    ),
    runs(120),
  );
  expect(failures).toEqual([]);
});

it("the sandbox's own admin and Durable routes: never 5xx, keys required, never a secret", async () => {
  const { master, durable } = sandbox.endpoints.keys;
  expect((await fetch(`${base}/runtime/webhooks/durabletask/instances`)).status).toBe(401);
  expect((await fetch(`${base}/runtime/webhooks/durabletask/instances?code=${durable}`)).status).toBe(200);
  expect((await fetch(`${base}/admin/functions/%E0%A4%A?code=${master}`, { method: 'POST', body: '{}' })).status).toBe(400);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('/admin/functions/', '/admin/host/', '/runtime/webhooks/durabletask/instances/', '/runtime/webhooks/durabletask/orchestrators/', '/durabletask/instances/', '/_sandbox/page/', '/'),
      fc.array(segment, { minLength: 0, maxLength: 3 }),
      method,
      query,
      hostile,
      fc.constantFrom(`code=${master}`, `code=${durable}`, 'code=wrong', ''),
      async (prefix, segments, verb, search, body, code) =>
        void (await probe({ path: `${prefix}${segments.join('/')}?${search}&${code}`, method: verb, body, headers: { 'content-type': 'application/json' } })),
    ),
    runs(250),
  );
  expect(failures).toEqual([]);
});

it('no key or secret in any line the sandbox logged', () => {
  // The probes reached past authentication into the handlers: validation answers, not only 401/404.
  expect(seen.get(400) ?? 0).toBeGreaterThan(50);
  expect(seen.get(401) ?? 0).toBeGreaterThan(10);
  console.info(`HTTP surface fuzz answers by status: ${JSON.stringify(Object.fromEntries([...seen].sort(([a], [b]) => a - b)))}`);
  const output = sandbox.output();
  expect(output.length).toBeGreaterThan(1000);
  for (const secret of secrets) expect(output.includes(secret) ? `log contains a secret ending ${secret.slice(-4)}` : 'clean').toBe('clean');
});
