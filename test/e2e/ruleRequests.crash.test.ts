import { NetworkManagementClient } from '@azure/arm-network';
import { createTableClient } from '../../shared/azure/tables/createTableClient';
import { RuleRequestStore } from '../../shared/azure/tables/ruleRequestStore';
import { tableNames } from '../../shared/runtime/appServices';
import { transitionStored } from '../../orchestrations/ruleRequests/storeTransitions';
import { eventually, sandboxCredential, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

/**
 * The crash matrix: the sandbox (app, Durable runner, Azurite, ARM emulator: one process group) is killed with
 * SIGKILL while requests sit between every pair of steps, then restarted on the same state without --fresh:
 *   A decision stored, event never raised        (written to the table directly, as if the app died right after)
 *   B event raised (2xx), not yet processed      (kill right after the approve answered)
 *   C rule written to the firewall, store not updated (kill while the group PUT's LRO is still running)
 *   D applied, expiry timer set                  (kill with the rule in place)
 *   E orchestration terminated after apply       (an orphaned request: only the sweep can repair it)
 *   F orchestration gone while pending           (the approve itself restarts it)
 *   G create stored, orchestration never started (the idempotent retry starts it)
 * Then: every request ends applied exactly once, with one rule, and expires on time (rule removed, status expired),
 * across a second kill -9 while every expiry timer is pending; the sweep's repairs carry an audit record.
 */
jest.setTimeout(420_000);

const subscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const clusterId = `/subscriptions/${subscriptionId}/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress`;
const groupName = 'egress-guard-requests';
const LIFETIME_MS = 150_000;
/** How late after expiresAt a rule may still be in place: timers fire on time; the writer pass takes a moment. */
const EXPIRY_TOLERANCE_MS = 20_000;

let sandbox: SandboxProcess;
let stateDir: string;
const settings = { APPROVAL_TIMEOUT: 'PT10M' };

const start = async (fresh: boolean) => {
  sandbox = await startSandboxProcess({ initialSweep: false, timers: false, killable: true, settings, ...(fresh ? {} : { stateDir, fresh: false }) });
  stateDir = sandbox.stateDir;
};

async function call(path: string, principal: string, init: { method?: string; body?: unknown } = {}) {
  const response = await sandbox.callFunction(path, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', 'x-ms-client-principal': principal },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as any };
}
const requester = () => sandbox.endpoints.principals.requester;
const approver = () => sandbox.endpoints.principals.approver;
const create = (fqdn: string, expiresAt: string, idempotencyKey?: string) =>
  call('/api/rule-requests', requester(), {
    method: 'POST',
    body: { fqdns: [fqdn], protocols: ['Https:443'], source: { cluster: clusterId }, justification: `Crash matrix request for ${fqdn}`, expiresAt, ...(idempotencyKey ? { idempotencyKey } : {}) },
  });
const approve = (id: string) => call(`/api/rule-requests/${id}/approve`, approver(), { method: 'POST' });
const detail = async (id: string) => (await call(`/api/rule-requests/${id}`, requester())).json;
const durable = (path: string, method = 'GET') =>
  fetch(`${sandbox.endpoints.durable.baseUrl}/${path}${path.includes('?') ? '&' : '?'}code=${sandbox.endpoints.keys.durable}`, { method });
const armAdmin = (path: string, body: unknown) =>
  fetch(`${sandbox.endpoints.arm.adminUrl}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function ownedRuleNames(): Promise<string[]> {
  const network = new NetworkManagementClient(sandboxCredential, subscriptionId, { endpoint: sandbox.endpoints.arm.url });
  const group = await network.firewallPolicyRuleCollectionGroups.get('rg-hub', 'afwp-hub', groupName).catch(() => undefined);
  return (group?.ruleCollections ?? []).flatMap((collection) => ((collection as { rules?: Array<{ name?: string }> }).rules ?? []).map((rule) => (rule.name ?? '').toLowerCase()));
}
const ruleOf = (id: string) => `req-${id}`.toLowerCase();

afterAll(async () => {
  await sandbox?.stop();
});

it('every request ends applied once and expires on time, whatever step a kill -9 interrupted', async () => {
  await start(true);
  const expiresAt = new Date(Date.now() + LIFETIME_MS).toISOString();
  const ids: Record<string, string> = {};
  for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) {
    const created = await create(`${name.toLowerCase()}.crash.example.com`, expiresAt);
    expect(created.status).toBe(202);
    ids[name] = created.json.id;
  }
  const g = await create('g.crash.example.com', expiresAt, 'crash-g');
  ids.G = g.json.id;

  // D and E applied; E's orchestration then terminated: an applied request nobody will expire but the sweep.
  for (const name of ['D', 'E']) expect((await approve(ids[name]!)).status).toBe(200);
  await eventually('D and E applied', async () => ((await detail(ids.D!)).status === 'applied' && (await detail(ids.E!)).status === 'applied' ? true : undefined), 60_000);
  expect((await durable(`instances/rule-request-${ids.E}/terminate?reason=crash-test`, 'POST')).status).toBe(202);

  // F: orchestration terminated and purged while pending; the approve must bring it back.
  expect((await durable(`instances/rule-request-${ids.F}/terminate?reason=crash-test`, 'POST')).status).toBe(202);
  await eventually('F terminated', async () => ((await (await durable(`instances/rule-request-${ids.F}`)).json()) as { runtimeStatus?: string }).runtimeStatus === 'Terminated' || undefined);
  expect((await durable(`instances/rule-request-${ids.F}`, 'DELETE')).status).toBe(200);
  const approvedF = await approve(ids.F!);
  expect(approvedF.status).toBe(200);

  // G: as if the create stored the request and died before starting the orchestration; the client's retry repairs.
  await eventually('G running', async () => ((await (await durable(`instances/rule-request-${ids.G}`)).json()) as { runtimeStatus?: string }).runtimeStatus === 'Running' || undefined);
  expect((await durable(`instances/rule-request-${ids.G}/terminate?reason=crash-test`, 'POST')).status).toBe(202);
  await eventually('G terminated', async () => ((await (await durable(`instances/rule-request-${ids.G}`)).json()) as { runtimeStatus?: string }).runtimeStatus === 'Terminated' || undefined);
  expect((await durable(`instances/rule-request-${ids.G}`, 'DELETE')).status).toBe(200);
  const retried = await create('g.crash.example.com', expiresAt, 'crash-g');
  expect(retried.status).toBe(200);
  expect(retried.json).toMatchObject({ id: ids.G, repeated: true });
  expect((await durable(`instances/rule-request-${ids.G}`)).status).toBe(202); // running again
  expect((await approve(ids.G!)).status).toBe(200);

  // A: the decision is in the store, but the event was never raised (the app died between the two steps).
  const store = new RuleRequestStore(createTableClient({ connectionString: sandbox.endpoints.azurite.connectionString }, tableNames.ruleRequests));
  await transitionStored(store, ids.A!, [{ type: 'approve', by: { userId: 'cccccccc-0000-4000-8000-00000000000a', name: 'Approver written directly' } }], new Date());

  // C: the rule reaches the firewall, then the app dies before the store hears of it (a slow LRO keeps the window open).
  expect((await armAdmin('settings', { ruleCollectionGroupLroDelayMs: 4_000 })).status).toBe(200);
  expect((await approve(ids.C!)).status).toBe(200);
  await eventually('C in the firewall', async () => ((await ownedRuleNames()).includes(ruleOf(ids.C!)) ? true : undefined), 30_000, 50);
  // B: raised and acknowledged, not yet processed.
  expect((await approve(ids.B!)).status).toBe(200);
  expect((await detail(ids.C!)).status).not.toBe('applied');
  await sandbox.kill();

  // Restart on the same state. The sweep (run by hand; normally its timer) repairs A (decision never delivered)
  // and E (orchestration terminated), once their last change is older than its grace period.
  await start(false);
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  expect((await sandbox.runFunction('ruleRequestSweep')).status).toBe(202);
  await eventually('all seven applied', async () => {
    const statuses = await Promise.all(Object.values(ids).map(async (id) => (await detail(id)).status));
    return statuses.every((status) => status === 'applied') ? true : undefined;
  }, 90_000);
  // The admin API runs the sweep in the background (202 at once): wait for its audit records.
  const auditOf = async (name: string) => (await detail(ids[name]!)).history.filter((entry: { note: string }) => entry.note.startsWith('sweep:'));
  await eventually('the sweep audit records of A and E', async () => ((await auditOf('A')).length > 0 && (await auditOf('E')).length > 0 ? true : undefined), 30_000).catch(async (error: unknown) => {
    const instance = await (await durable(`instances/rule-request-${ids.E}`)).text();
    throw new Error(`${String(error)}\nE's instance: ${instance.slice(0, 2000)}\n${sandbox.output().split('\n').filter((line) => /sweep|terminat/i.test(line)).join('\n')}`);
  });
  const rules = await ownedRuleNames();
  for (const id of Object.values(ids)) expect(rules.filter((rule) => rule === ruleOf(id))).toHaveLength(1);
  for (const id of Object.values(ids)) {
    const applied = (await detail(id)).history.filter((entry: { stage: string; note: string }) => entry.stage === 'applied' && !entry.note.startsWith('sweep:'));
    expect(applied).toHaveLength(1); // applied once, not re-applied after the restart
  }

  // Second kill -9 with every expiry timer pending: after the restart each rule still leaves on time.
  await sandbox.kill();
  await start(false);
  await eventually('all seven expired', async () => {
    const statuses = await Promise.all(Object.values(ids).map(async (id) => (await detail(id)).status));
    return statuses.every((status) => status === 'expired') ? true : undefined;
  }, LIFETIME_MS + 60_000, 1_000);
  for (const id of Object.values(ids)) {
    const request = await detail(id);
    expect(Date.parse(request.audit.endedAt) - Date.parse(expiresAt)).toBeLessThan(EXPIRY_TOLERANCE_MS);
    expect(Date.parse(request.audit.endedAt)).toBeGreaterThanOrEqual(Date.parse(expiresAt));
  }
  const left = await ownedRuleNames();
  for (const id of Object.values(ids)) expect(left).not.toContain(ruleOf(id));
});
