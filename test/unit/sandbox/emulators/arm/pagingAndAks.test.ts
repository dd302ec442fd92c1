import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Harness } from './harness';
import { collect, rawRequest, startHarness, SUBSCRIPTION_ID, TOKEN } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ pageSize: 2 });
  // Five extra tables in rg-spoke, two in rg-hub: seven route tables, four pages at two per page.
  await Promise.all([
    ...['rt-a', 'rt-b', 'rt-c', 'rt-d', 'rt-e'].map((name) => harness.network.routeTables.createOrUpdate('rg-spoke', name, { location: 'westeurope' })),
    ...['rt-f', 'rt-g'].map((name) => harness.network.routeTables.createOrUpdate('rg-hub', name, { location: 'westeurope' })),
  ]);
});
afterAll(async () => harness.close());

describe('paging', () => {
  it('pages a resource group list across nextLinks', async () => {
    const pages = await collect(harness.network.routeTables.list('rg-spoke').byPage());
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((table) => table.name)).toEqual(['rt-a', 'rt-b', 'rt-c', 'rt-d', 'rt-e']);
  });

  it('pages a subscription list across resource groups', async () => {
    const names = (await collect(harness.network.routeTables.listAll())).map((table) => table.name).sort();
    expect(names).toEqual(['rt-a', 'rt-b', 'rt-c', 'rt-d', 'rt-e', 'rt-f', 'rt-g']);
  });

  it('lists child resources of a parent', async () => {
    const subnets = await collect(harness.network.subnets.list('rg-spoke', 'vnet-spoke-aks'));
    expect(subnets.map((subnet) => subnet.name)).toEqual(['aks-subnet', 'ingress-subnet']);
  });
});

describe('AKS', () => {
  it('shows agent pools inline in the cluster and as their own resources', async () => {
    const cluster = await harness.containers.managedClusters.get('rg-spoke', 'aks-egress');
    expect(cluster.networkProfile?.outboundType).toBe('userDefinedRouting');
    expect(cluster.agentPoolProfiles?.map((pool) => [pool.name, pool.vnetSubnetID?.split('/').at(-1)])).toEqual([['nodepool1', 'aks-subnet']]);
    const pool = await harness.containers.agentPools.get('rg-spoke', 'aks-egress', 'nodepool1');
    expect(pool.count).toBe(3);
  });

  it('creates an agent pool through the LRO and shows it in the cluster view', async () => {
    const { containers } = harness;
    const created = await containers.agentPools.createOrUpdate('rg-spoke', 'aks-egress', 'userpool', { count: 1, vmSize: 'Standard_D2ds_v5', mode: 'User' });
    expect(created.provisioningState).toBe('Succeeded');
    const cluster = await containers.managedClusters.get('rg-spoke', 'aks-egress');
    expect(cluster.agentPoolProfiles?.map((pool) => pool.name)).toEqual(['nodepool1', 'userpool']);
  });
});

describe('persistence', () => {
  it('keeps state across a restart when statePath is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arm-state-'));
    const statePath = join(dir, 'arm-state.json');
    try {
      const first = await startHarness({ statePath });
      await first.network.routeTables.createOrUpdate('rg-spoke', 'rt-persisted', { location: 'westeurope' });
      await first.close();
      const second = await startHarness({ statePath, seed: [] });
      const table = await second.network.routeTables.get('rg-spoke', 'rt-persisted');
      await second.close();
      expect(table.provisioningState).toBe('Succeeded');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('admin API', () => {
  it('reports request counts by method and resource type and resets them', async () => {
    const { emulator, network } = harness;
    await rawRequest(`${emulator.url}/_sandbox/stats`, { method: 'DELETE' });
    await network.virtualNetworks.get('rg-hub', 'vnet-hub');
    const stats = await rawRequest(`${emulator.url}/_sandbox/stats`);
    expect(stats.json).toMatchObject({ total: 1, byMethod: { GET: 1 }, byResourceType: { 'Microsoft.Network/virtualNetworks': 1 } });
  });

  it('counts the writes ARM accepted by caller and operation; a refused write (412) is not one', async () => {
    const { emulator, network } = harness;
    await rawRequest(`${emulator.url}/_sandbox/stats`, { method: 'DELETE' });
    const table = await network.routeTables.createOrUpdate('rg-spoke', 'rt-counted', { location: 'westeurope' });
    const refused = await network.routeTables
      .createOrUpdate('rg-spoke', 'rt-counted', { location: 'westeurope', tags: { stale: 'yes' } }, { requestOptions: { headers: { 'If-Match': 'W/"not-the-etag"' } } })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ statusCode: 412 });
    await network.routeTables.updateTags('rg-spoke', 'rt-counted', { tags: { owner: 'x' } }, { requestOptions: { headers: { 'If-Match': table.etag! } } });
    const stats = await rawRequest(`${emulator.url}/_sandbox/stats`);
    expect((stats.json as { acceptedByPrincipal: unknown }).acceptedByPrincipal).toEqual({ 'oid-under-test': { 'Microsoft.Network/routeTables/write': 2 } });
    expect((stats.json as { byMethodAndResourceType: Record<string, number> }).byMethodAndResourceType['PUT Microsoft.Network/routeTables']).toBe(2);
  });

  it('dumps resources without auth but keeps ARM behind a bearer token', async () => {
    const dump = await rawRequest(`${harness.emulator.url}/_sandbox/resources`);
    expect((dump.json as { value: Array<{ id: string }> }).value.some((r) => r.id.endsWith('/azureFirewalls/fw-hub'))).toBe(true);
    const groups = await rawRequest(`${harness.emulator.url}/subscriptions/${SUBSCRIPTION_ID}/resourcegroups?api-version=2021-04-01`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    // First page (ids in order) of the seed's groups: the second cluster's node resource group sorts first.
    expect((groups.json as { value: Array<{ name: string }> }).value.map((g) => g.name)).toEqual(['MC_rg-spoke-shop_aks-shop_westeurope', 'rg-hub']);
  });

  it('dumps the resources of one type when asked', async () => {
    const dump = await rawRequest(`${harness.emulator.url}/_sandbox/resources?type=Microsoft.Network/virtualNetworks/subnets`);
    const types = new Set((dump.json as { value: Array<{ type: string }> }).value.map((resource) => resource.type));
    expect([...types]).toEqual(['Microsoft.Network/virtualNetworks/subnets']);
  });
});
