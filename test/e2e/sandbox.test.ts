import { NetworkManagementClient } from '@azure/arm-network';
import { startSandboxProcess, eventually, sandboxCredential, type SandboxProcess } from '../support/sandboxProcess';

/**
 * The foundation, as a user meets it: the sandbox runs the app's production entry point, the real
 * @azure/arm-network client works against the ARM emulator (LROs, etags), every write reaches the app's Event Grid
 * trigger, the orchestration it starts completes through the durable runner, and a restart resumes in-flight work.
 */
const subscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const rg = 'rg-spoke';

interface InstanceStatus {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  output?: unknown;
  customStatus?: unknown;
}

async function instances(sandbox: SandboxProcess): Promise<InstanceStatus[]> {
  const response = await fetch(`${sandbox.endpoints.durable.baseUrl}/instances?code=${sandbox.endpoints.keys.durable}`);
  return (await response.json()) as InstanceStatus[];
}

describe('the sandbox', () => {
  let sandbox: SandboxProcess;
  let network: NetworkManagementClient;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ initialSweep: false, timers: false });
    network = new NetworkManagementClient(sandboxCredential, subscriptionId, { endpoint: sandbox.endpoints.arm.url });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('writes its endpoints and serves the app with function keys enforced', async () => {
    const { endpoints } = sandbox;
    // CI runs this file twice: on package.json#main, and with SANDBOX_ENTRY=dist/index.js on the deployable bundle.
    const entry = process.env.SANDBOX_ENTRY ?? 'build/functions/index.js';
    expect(sandbox.output()).toMatch(new RegExp(`Loaded \\d+ functions from \\S*${entry.replace(/[./]/g, (c) => `\\${c}`)}`));
    expect(endpoints.arm.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints.functions.endpoints.map((endpoint: { name: string }) => endpoint.name)).toEqual(
      expect.arrayContaining(['driftEvents', 'driftSweep', 'compliance', 'vnetReconcileOrchestrator']),
    );
    expect((await fetch(`${endpoints.functions.baseUrl}/api/compliance`)).status).toBe(401);
    expect((await sandbox.callFunction('/api/compliance')).status).toBe(200);
    const page = await fetch(`${endpoints.functions.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('answers Event Grid subscription validation like the real host', async () => {
    const response = await fetch(sandbox.endpoints.eventGrid.webhookUrl, {
      method: 'POST',
      headers: { 'aeg-event-type': 'SubscriptionValidation', 'content-type': 'application/json' },
      body: JSON.stringify([{ id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', subject: '', eventTime: new Date().toISOString(), dataVersion: '1', data: { validationCode: 'abc-123' } }]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: 'abc-123' });
  });

  it('lets the unmodified SDK create, read, update and delete network resources, with LROs and If-Match', async () => {
    const table = await network.routeTables.createOrUpdate(rg, 'rt-e2e', { location: 'westeurope', routes: [] });
    expect(table.provisioningState).toBe('Succeeded');
    const route = await network.routes.createOrUpdate(rg, 'rt-e2e', 'r1', { addressPrefix: '192.168.0.0/16', nextHopType: 'VnetLocal' });
    expect(route.addressPrefix).toBe('192.168.0.0/16');
    const read = await network.routeTables.get(rg, 'rt-e2e');
    expect(read.routes?.map((r) => r.name)).toEqual(['r1']);

    await expect(
      network.routeTables.createOrUpdate(rg, 'rt-e2e', { location: 'westeurope' }, { requestOptions: { headers: { 'If-Match': 'W/"stale"' } } }),
    ).rejects.toMatchObject({ statusCode: 412 });

    await network.routes.delete(rg, 'rt-e2e', 'r1');
    await network.routeTables.delete(rg, 'rt-e2e');
    await expect(network.routeTables.get(rg, 'rt-e2e')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('delivers a subnet write as an Event Grid event and completes the orchestration it starts', async () => {
    await network.subnets.createOrUpdate(rg, 'vnet-spoke-aks', 'aks-e2e-sandbox', { addressPrefix: '10.42.9.0/24' });
    const completed = await eventually('the reconcile orchestration of aks-e2e-sandbox to complete', async () => {
      // One reconcile per VNet: the instance is the subnet's VNet's.
      const found = (await instances(sandbox)).find((instance) => instance.instanceId.includes('vnet-spoke-aks') && instance.runtimeStatus === 'Completed');
      return found;
    }, 30_000);
    expect(completed.name).toBe('vnetReconcileOrchestrator');
    expect(sandbox.output()).toMatch(/Microsoft\.Network\/virtualNetworks\/subnets\/write on .*aks-e2e-sandbox/);
    const subnet = await network.subnets.get(rg, 'vnet-spoke-aks', 'aks-e2e-sandbox');
    expect(subnet.routeTable?.id).toMatch(/routeTables\/rt-vnet-spoke-aks-egress$/);
  });
});

describe('a sandbox restart', () => {
  it('resumes an orchestration that was in flight', async () => {
    const first = await startSandboxProcess({ initialSweep: false, timers: false });
    const network = new NetworkManagementClient(sandboxCredential, subscriptionId, { endpoint: first.endpoints.arm.url });
    // Hold subnet writes for a while so the reconcile is still running when we stop the sandbox.
    await fetch(`${first.endpoints.arm.adminUrl}/latency`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pathPattern: 'virtualNetworks/vnet-spoke-aks(/subnets/aks-subnet)?$', ms: 8_000 }),
    });
    await first.runFunction('driftSweep');
    await eventually('a running reconcile of aks-subnet', async () =>
      (await instances(first)).find((instance) => instance.instanceId.includes('vnet-spoke-aks') && instance.runtimeStatus === 'Running'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await first.stop()).toBe(0);

    const second = await startSandboxProcess({ stateDir: first.stateDir, fresh: false, initialSweep: false, timers: false });
    try {
      const network2 = new NetworkManagementClient(sandboxCredential, subscriptionId, { endpoint: second.endpoints.arm.url });
      const done = await eventually(
        'the resumed orchestration to complete',
        async () => (await instances(second)).find((instance) => instance.instanceId.includes('vnet-spoke-aks') && instance.runtimeStatus === 'Completed'),
        40_000,
      );
      expect(done.name).toBe('vnetReconcileOrchestrator');
      const subnet = await network2.subnets.get(rg, 'vnet-spoke-aks', 'aks-subnet');
      expect(subnet.routeTable?.id).toMatch(/rt-vnet-spoke-aks-egress$/);
    } finally {
      await second.stop();
    }
    void network;
  });
});
