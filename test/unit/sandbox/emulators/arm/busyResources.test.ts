import { operationDelayMs, AZURE_PROFILE } from '../../../../../sandbox/emulators/arm/lroProfile';
import { networkOperationName, operationLockOf } from '../../../../../sandbox/emulators/arm/operationLocks';
import type { Harness } from './harness';
import { rawRequest, startHarness, SUBSCRIPTION_ID, TOKEN } from './harness';

// Operations last 600 ms here, so a second request surely lands while the first runs.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ lroDelayMs: 600 });
  await harness.network.routeTables.createOrUpdate('rg-spoke', 'rt-busy', { location: 'westeurope', routes: [] });
});
afterAll(async () => harness.close());
afterEach(async () => {
  await rawRequest(`${harness.emulator.url}/_sandbox/settings`, { method: 'POST', body: JSON.stringify({ serializeNetworkOperations: true, lroProfile: 'fast' }) });
  // Let any operation a test left running end before the next one starts.
  await new Promise((resolve) => setTimeout(resolve, 650));
});

const spoke = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-spoke/providers/Microsoft.Network`;
const put = (path: string, body: unknown) =>
  rawRequest(`${harness.emulator.url}${path}?api-version=2026-01-01`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });

describe('one operation at a time per resource family', () => {
  it('answers a sibling subnet write during a subnet operation with 429 RetryableError and Retry-After', async () => {
    const first = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-a`, { properties: { addressPrefix: '10.42.20.0/24' } });
    expect(first.status).toBe(201);
    const second = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-b`, { properties: { addressPrefix: '10.42.21.0/24' } });

    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(second.json).toEqual({
      error: {
        code: 'RetryableError',
        message: 'A retryable error occurred.',
        details: [
          {
            code: 'RetryableErrorDueToAnotherOperation',
            message: expect.stringMatching(new RegExp(`^Operation PutSubnetOperation \\([0-9a-f-]{36}\\) is updating resource ${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-a\\. The call can be retried in 1 seconds\\.$`)),
          },
        ],
      },
    });
  });

  it('holds the VNet itself too, and a route during its table operation', async () => {
    await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-c`, { properties: { addressPrefix: '10.42.22.0/24' } });
    const vnetTags = await rawRequest(`${harness.emulator.url}${spoke}/virtualNetworks/vnet-spoke-aks?api-version=2026-01-01`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ tags: { a: 'b' } }),
    });
    expect(vnetTags.status).toBe(429);

    await put(`${spoke}/routeTables/rt-busy`, { location: 'westeurope', properties: { routes: [] } });
    const route = await put(`${spoke}/routeTables/rt-busy/routes/default`, { properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' } });
    expect(route.status).toBe(429);
    expect(route.json).toMatchObject({ error: { details: [{ message: expect.stringContaining('Operation PutRouteTableOperation') }] } });
  });

  it('lets a write to another family through', async () => {
    await put(`${spoke}/routeTables/rt-busy`, { location: 'westeurope', properties: { routes: [] } });
    const other = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-d`, { properties: { addressPrefix: '10.42.23.0/24' } });
    expect(other.status).toBe(201);
  });

  it('answers ReferencedResourceNotProvisioned to a subnet that references a table still Updating', async () => {
    await put(`${spoke}/routeTables/rt-busy`, { location: 'westeurope', properties: { routes: [] } });
    const subnet = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-e`, { properties: { addressPrefix: '10.42.24.0/24', routeTable: { id: `${spoke}/routeTables/rt-busy` } } });

    expect(subnet.status).toBe(429);
    expect(subnet.headers.get('retry-after')).toBe('1');
    expect(subnet.json).toEqual({
      error: {
        code: 'RetryableError',
        message: 'A retryable error occurred.',
        details: [
          {
            code: 'ReferencedResourceNotProvisioned',
            message: `Cannot proceed with operation because resource ${spoke}/routeTables/rt-busy used by resource ${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-e is not in Succeeded state. Resource is in Updating state and the last operation that updated/is updating the resource is PutRouteTableOperation.`,
          },
        ],
      },
    });
  });

  it('is absorbed by the unmodified SDK, which retries a 429 after its Retry-After', async () => {
    const [a, b] = await Promise.all([
      harness.network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'busy-f', { addressPrefix: '10.42.25.0/24' }),
      harness.network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'busy-g', { addressPrefix: '10.42.26.0/24' }),
    ]);
    expect([a.provisioningState, b.provisioningState]).toEqual(['Succeeded', 'Succeeded']);
  });

  it('accepts concurrent writes when switched off (admin setting)', async () => {
    await rawRequest(`${harness.emulator.url}/_sandbox/settings`, { method: 'POST', body: JSON.stringify({ serializeNetworkOperations: false }) });
    const first = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-h`, { properties: { addressPrefix: '10.42.27.0/24' } });
    const second = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/busy-i`, { properties: { addressPrefix: '10.42.28.0/24' } });
    expect([first.status, second.status]).toEqual([201, 201]);
  });
});

describe('POST /_sandbox/busy: another writer holds a family', () => {
  it('shows the VNet Updating and answers its family 429 until the hold ends, then lets the write through', async () => {
    const held = await rawRequest(`${harness.emulator.url}/_sandbox/busy`, { method: 'POST', body: JSON.stringify({ resourceId: `${spoke}/virtualNetworks/vnet-spoke-aks`, seconds: 2 }) });
    expect(held.status).toBe(201);
    expect(held.json).toMatchObject({ operationName: 'PutVirtualNetworkOperation' });

    expect((await harness.network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks')).provisioningState).toBe('Updating');
    const refused = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/held`, { properties: { addressPrefix: '10.42.30.0/24' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.json).toMatchObject({ error: { details: [{ code: 'RetryableErrorDueToAnotherOperation', message: expect.stringContaining('Operation PutVirtualNetworkOperation') }] } });

    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await harness.network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks')).provisioningState).toBe('Succeeded');
    expect((await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/held`, { properties: { addressPrefix: '10.42.30.0/24' } })).status).toBe(201);
  });

  it('names the field of a bad request and refuses an unknown resource', async () => {
    const bad = await rawRequest(`${harness.emulator.url}/_sandbox/busy`, { method: 'POST', body: JSON.stringify({ resourceId: 'vnet', seconds: 0 }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/resourceId[\s\S]*seconds|seconds[\s\S]*resourceId/);
    const missing = await rawRequest(`${harness.emulator.url}/_sandbox/busy`, { method: 'POST', body: JSON.stringify({ resourceId: `${spoke}/virtualNetworks/nope`, seconds: 1 }) });
    expect(missing.status).toBe(404);
  });
});

describe('the busy fault', () => {
  it('answers the next matching request as a busy family would', async () => {
    await rawRequest(`${harness.emulator.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ method: 'PUT', pathPattern: 'subnets/faulted$', count: 1, kind: 'busy', retryAfterSeconds: 7 }) });
    const first = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/faulted`, { properties: { addressPrefix: '10.42.31.0/24' } });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.json).toMatchObject({ error: { code: 'RetryableError', details: [{ code: 'RetryableErrorDueToAnotherOperation', message: expect.stringContaining('retried in 7 seconds') }] } });
    expect((await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/faulted`, { properties: { addressPrefix: '10.42.31.0/24' } })).status).toBe(201);
  });
});

describe('families and names', () => {
  it('puts subnets with their VNet and routes with their table', () => {
    expect(operationLockOf(`${spoke}/virtualNetworks/V/subnets/s`)?.key).toBe(`${spoke}/virtualNetworks/V`.toLowerCase());
    expect(operationLockOf(`${spoke}/routeTables/rt/routes/r`)).toEqual({ key: `${spoke}/routeTables/rt`.toLowerCase(), refusal: 'retryable' });
    expect(operationLockOf(`${spoke}/firewallPolicies/p/ruleCollectionGroups/g`)?.refusal).toBe('another-operation');
    expect(operationLockOf(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c`)).toBeUndefined();
  });

  it('names operations as Network does', () => {
    expect(networkOperationName('Microsoft.Network/virtualNetworks/subnets', 'write')).toBe('PutSubnetOperation');
    expect(networkOperationName('Microsoft.Network/routeTables', 'delete')).toBe('DeleteRouteTableOperation');
    expect(networkOperationName('Microsoft.Network/ddosProtectionPlans', 'write')).toBe('PutDdosProtectionPlanOperation');
    expect(networkOperationName('Microsoft.Network/firewallPolicies', 'write')).toBe('PutFirewallPolicyOperation');
  });
});

describe('--lro-profile azure', () => {
  it('makes every write last 5 to 15 s', () => {
    const settings = { lroProfile: 'azure' as const, lroDelayMs: 30, ruleCollectionGroupLroDelayMs: 30 };
    expect(operationDelayMs(settings, false, () => 0)).toBe(AZURE_PROFILE.minDelayMs);
    expect(operationDelayMs(settings, true, () => 0.9999)).toBeLessThanOrEqual(AZURE_PROFILE.maxDelayMs);
    expect(operationDelayMs(settings, true, () => 0.9999)).toBeGreaterThan(14_000);
    expect(operationDelayMs({ ...settings, lroProfile: 'fast' }, false, () => 0.5)).toBe(30);
  });

  it("answers with Azure's Retry-After: 10 and does not hold polls", async () => {
    await rawRequest(`${harness.emulator.url}/_sandbox/settings`, { method: 'POST', body: JSON.stringify({ lroProfile: 'azure', serializeNetworkOperations: false }) });
    const started = await put(`${spoke}/virtualNetworks/vnet-spoke-aks/subnets/slow`, { properties: { addressPrefix: '10.42.29.0/24' } });
    expect(started.headers.get('retry-after')).toBe('10');

    const before = Date.now();
    const poll = await rawRequest(started.headers.get('azure-asyncoperation') as string, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Date.now() - before).toBeLessThan(1000);
    expect(poll.json).toMatchObject({ status: 'InProgress' });
    expect(poll.headers.get('retry-after')).toBe('10');
  });
});
