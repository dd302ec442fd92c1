import type { Harness } from './harness';
import { rawRequest, startHarness, SUBSCRIPTION_ID, TOKEN } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());
afterEach(async () => {
  await rawRequest(`${harness.emulator.url}/_sandbox/faults`, { method: 'DELETE' });
});

const vnetPath = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks`;

describe('request checks', () => {
  it.each<{ label: string; headers: Record<string, string>; query: string; status: number; code: string }>([
    { label: 'no Authorization header', headers: {}, query: '?api-version=2026-01-01', status: 401, code: 'AuthenticationFailed' },
    { label: 'no api-version', headers: { authorization: `Bearer ${TOKEN}` }, query: '', status: 400, code: 'MissingApiVersionParameter' },
  ])('rejects a request with $label', async ({ headers, query, status, code }) => {
    const response = await rawRequest(`${harness.emulator.url}${vnetPath}${query}`, { headers });
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ error: { code } });
  });

  it('answers malformed JSON with InvalidRequestFormat', async () => {
    const response = await rawRequest(`${harness.emulator.url}${vnetPath}/subnets/x?api-version=2026-01-01`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{"properties": ',
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: 'InvalidRequestFormat', message: 'Cannot parse the request.' } });
  });
});

describe('ARM errors through the SDK', () => {
  it.each([
    { label: 'missing VNet', call: (h: Harness) => h.network.virtualNetworks.get('rg-spoke', 'nope'), status: 404, code: 'ResourceNotFound' },
    { label: 'missing resource group', call: (h: Harness) => h.network.routeTables.get('rg-missing', 'rt'), status: 404, code: 'ResourceGroupNotFound' },
    { label: 'missing subnet', call: (h: Harness) => h.network.subnets.get('rg-spoke', 'vnet-spoke-aks', 'nope'), status: 404, code: 'ResourceNotFound' },
    {
      label: 'subnet referencing a missing route table',
      call: (h: Harness) =>
        h.network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'bad-ref', {
          addressPrefix: '10.42.7.0/24',
          routeTable: { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/ghost` },
        }),
      status: 400,
      code: 'InvalidResourceReference',
    },
    { label: 'deleting a subnet AKS uses', call: (h: Harness) => h.network.subnets.delete('rg-spoke', 'vnet-spoke-aks', 'aks-subnet'), status: 400, code: 'InUseSubnetCannotBeDeleted' },
  ])('surfaces $label as RestError $code', async ({ call, status, code }) => {
    const error: unknown = await call(harness).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: 'RestError', statusCode: status, code });
  });

  it('fails the operation of a VNet PUT that would drop an in-use subnet, as Azure does, and keeps the subnets', async () => {
    const { network } = harness;
    const vnet = await network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');
    await expect(network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-spoke-aks', { ...vnet, subnets: [] })).rejects.toThrow(
      /long-running operation has failed\. InUseSubnetCannotBeDeleted/,
    );
    const after = await network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');
    expect(after.subnets?.map((subnet) => subnet.name)).toEqual(vnet.subnets?.map((subnet) => subnet.name));
  });

  it('treats DELETE of a missing resource as success (204)', async () => {
    await expect(harness.network.routeTables.delete('rg-spoke', 'never-existed')).resolves.toBeUndefined();
  });
});

describe('fault injection', () => {
  it('throttles with 429 + Retry-After, which the SDK retries transparently', async () => {
    harness.emulator.stats.reset();
    const fault = await rawRequest(`${harness.emulator.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ method: 'GET', pathPattern: 'virtualNetworks/vnet-hub$', count: 2, kind: 'throttle', retryAfterSeconds: 0 }),
    });
    expect(fault.status).toBe(201);
    const vnet = await harness.network.virtualNetworks.get('rg-hub', 'vnet-hub');
    expect(vnet.name).toBe('vnet-hub');
    expect(harness.emulator.stats.get().byMethodAndResourceType['GET Microsoft.Network/virtualNetworks']).toBe(3);
  });

  it('fails an LRO when asked and leaves the resource as it was', async () => {
    const { network } = harness;
    const before = await network.virtualNetworks.get('rg-hub', 'vnet-hub');
    await rawRequest(`${harness.emulator.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ method: 'PUT', pathPattern: 'vnet-hub$', count: 1, kind: 'lro-failed' }),
    });
    await expect(
      network.virtualNetworks.createOrUpdate('rg-hub', 'vnet-hub', { ...before, dhcpOptions: { dnsServers: ['1.1.1.1'] } }),
    ).rejects.toThrow(/long-running operation has failed/);
    const after = await network.virtualNetworks.get('rg-hub', 'vnet-hub');
    expect(after.dhcpOptions?.dnsServers).toEqual([]);
    expect(after.etag).toBe(before.etag);
  });

  it('cancels an LRO when asked: the status resource ends Canceled with its error, the resource as it was', async () => {
    const { network, emulator } = harness;
    const before = await network.virtualNetworks.get('rg-hub', 'vnet-hub');
    const fault = await rawRequest(`${emulator.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ method: 'PUT', pathPattern: 'vnet-hub$', count: 1, kind: 'lro-canceled' }),
    });
    expect(fault.status).toBe(201);
    const url = `${emulator.url}${new URL(before.id!, 'https://x').pathname}?api-version=2026-01-01`;
    const wire = (await rawRequest(url, { headers: { authorization: `Bearer ${TOKEN}` } })).json as { properties: Record<string, unknown> };
    const put = await rawRequest(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ ...wire, properties: { ...wire.properties, dhcpOptions: { dnsServers: ['1.1.1.1'] } } }),
    });
    expect(put.status).toBe(200);
    const status = await rawRequest(put.headers.get('azure-asyncoperation')!, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(status.status).toBe(200);
    const operationId = new URL(put.headers.get('azure-asyncoperation')!).pathname.split('/').pop();
    expect(status.json).toEqual({
      id: operationId,
      name: operationId,
      status: 'Canceled',
      startTime: expect.any(String),
      endTime: expect.any(String),
      error: {
        code: 'Canceled',
        message: 'Operation was canceled.',
        details: [{ code: 'CanceledAndSupersededDueToAnotherOperation', message: expect.stringMatching(new RegExp(`^Operation PutVirtualNetworkOperation \\(${operationId}\\) was canceled and superseded by operation PutVirtualNetworkOperation \\([0-9a-f-]{36}\\)\\.$`)) }],
      },
    });
    const after = await network.virtualNetworks.get('rg-hub', 'vnet-hub');
    expect(after).toEqual(before);
    // The SDK's poller stops on it (core-lro: "Operation was canceled").
    await rawRequest(`${emulator.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ method: 'PUT', pathPattern: 'vnet-hub$', count: 1, kind: 'lro-canceled' }) });
    await expect(network.virtualNetworks.beginCreateOrUpdateAndWait('rg-hub', 'vnet-hub', { ...before, dhcpOptions: { dnsServers: ['1.1.1.1'] } })).rejects.toThrow(/canceled/i);
    expect((await network.virtualNetworks.get('rg-hub', 'vnet-hub')).etag).toBe(before.etag);
  });

  it('answers 409 AnotherOperationInProgress when injected', async () => {
    await rawRequest(`${harness.emulator.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ pathPattern: 'routeTables/rt-conflict', count: 1, kind: 'another-operation' }),
    });
    await expect(harness.network.routeTables.createOrUpdate('rg-spoke', 'rt-conflict', { location: 'westeurope' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'AnotherOperationInProgress',
    });
  });

  it.each([
    { label: 'unknown kind', body: { pathPattern: 'x', count: 1, kind: 'explode' } },
    { label: 'invalid regex', body: { pathPattern: '(', count: 1, kind: 'throttle' } },
    { label: 'zero count', body: { pathPattern: 'x', count: 0, kind: 'throttle' } },
  ])('rejects an admin fault with $label', async ({ body }) => {
    const response = await rawRequest(`${harness.emulator.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: 'InvalidAdminRequest' } });
  });
});
