import { NetworkManagementClient } from '@azure/arm-network';
import { eventually, sandboxCredential, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

const subscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const clusterId = `/subscriptions/${subscriptionId}/resourceGroups/rg-spoke/providers/Microsoft.ContainerService/managedClusters/aks-egress`;
const REQUESTS = 20;

let sandbox: SandboxProcess;

beforeAll(async () => {
  sandbox = await startSandboxProcess({ initialSweep: false });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
});

async function api(path: string, principal: string, body?: unknown) {
  const response = await sandbox.callFunction(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-client-principal': principal },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as any };
}

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${sandbox.endpoints.arm.adminUrl}/${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });

/** rcg-platform exactly as the emulator stores it (the admin dump), to compare byte for byte. */
async function platformGroupJson(): Promise<string> {
  const { value } = (await (await admin('resources')).json()) as { value: Array<{ id: string }> };
  const group = value.find((resource) => resource.id.toLowerCase().endsWith('/rulecollectiongroups/rcg-platform'));
  expect(group).toBeDefined();
  return JSON.stringify(group);
}

describe('the single writer under concurrent approvals', () => {
  it('lands all twenty rules exactly once with the policy busy, leaving rcg-platform untouched', async () => {
    const platformBefore = await platformGroupJson();
    expect((await admin('settings', { method: 'POST', body: JSON.stringify({ ruleCollectionGroupLroDelayMs: 1_500 }) })).status).toBe(200);
    const fault = { method: 'PUT', pathPattern: 'ruleCollectionGroups/egress-guard-requests', count: 4, kind: 'another-operation' };
    expect((await admin('faults', { method: 'POST', body: JSON.stringify(fault) })).status).toBe(201);

    const { requester, approver } = sandbox.endpoints.principals;
    const created = await Promise.all(
      Array.from({ length: REQUESTS }, (_, index) =>
        api('/api/rule-requests', requester, {
          fqdns: [`svc-${index}.concurrency.example.com`],
          protocols: ['Https:443'],
          source: { cluster: clusterId },
          justification: `Concurrent request number ${index}`,
        }),
      ),
    );
    expect(created.map((response) => response.status)).toEqual(Array(REQUESTS).fill(202));
    const ids: string[] = created.map((response) => response.json.id);
    const decisions = await Promise.all(ids.map((id) => api(`/api/rule-requests/${id}/approve`, approver, {})));
    expect(decisions.map((response) => response.status)).toEqual(Array(REQUESTS).fill(200));

    await eventually(
      'all twenty requests applied',
      async () => {
        const { json } = await api('/api/rule-requests?status=applied', requester);
        return json.items.length === REQUESTS ? true : undefined;
      },
      180_000,
      1_000,
    );

    const network = new NetworkManagementClient(sandboxCredential, subscriptionId, { endpoint: sandbox.endpoints.arm.url });
    const group = await network.firewallPolicyRuleCollectionGroups.get('rg-hub', 'afwp-hub', 'egress-guard-requests');
    const names = (group.ruleCollections ?? []).flatMap((collection) => ((collection as { rules?: Array<{ name?: string }> }).rules ?? []).map((rule) => rule.name));
    expect([...names].sort()).toEqual(ids.map((id) => `req-${id}`).sort());
    expect(await platformGroupJson()).toBe(platformBefore);
    // The busy faults were really hit (and retried through), not skipped.
    const { pending } = (await (await admin('faults')).json()) as { pending: unknown[] };
    expect(pending).toEqual([]);
  }, 240_000);
});
