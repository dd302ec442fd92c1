import { ContainerServiceClient } from '@azure/arm-containerservice';
import { comparable, DriftSandbox, firewallPrivateIp, statsDelta, writesIn, type Json } from '../support/driftHarness';
import { eventually, sandboxCredential } from '../support/sandboxProcess';

/**
 * Desired state is what the subnet gets, not who owns the table (issue #12), end to end through the real SDKs:
 * route tables made by someone else are adopted when compliant, repaired in place when not, and a kubenet
 * cluster's table is never swapped. Each scenario owns a VNet of the generated estate.
 */
const rg = 'rg-spokes-00';
const firewallPublicIp = '20.61.15.100';

type Route = { name: string; addressPrefix: string; nextHopType: string; nextHopIpAddress?: string };

async function createTable(env: DriftSandbox, name: string, routes: Route[], tags: Record<string, string>): Promise<Json> {
  const table = await env.network.routeTables.beginCreateOrUpdateAndWait(rg, name, { location: 'westeurope', tags, disableBgpRoutePropagation: true, routes });
  return (await env.armGet(table.id!)) as Json;
}

async function associate(env: DriftSandbox, vnetName: string, subnetName: string, tableId: string): Promise<void> {
  const current = await env.network.subnets.get(rg, vnetName, subnetName);
  await env.network.subnets.beginCreateOrUpdateAndWait(rg, vnetName, subnetName, { ...current, routeTable: { id: tableId } });
}

async function complianceOf(env: DriftSandbox, subnetId: string, accept: (entry: Json & { state: string }) => boolean): Promise<Json & { state: string }> {
  return eventually(`the compliance record of ${subnetId}`, async () => {
    const entry = (await env.compliance()).subnets.find((subnet) => subnet.subnetId.toLowerCase() === subnetId.toLowerCase());
    return entry && accept(entry) ? entry : undefined;
  });
}

const routesOf = (table: Json): Json[] => ((table.properties as Json).routes as Json[]).map((route): Json => ({ name: route.name, ...(route.properties as Json) }));

describe('route tables the guard does not own (sandbox e2e, FOREIGN_ROUTE_TABLE_ACTION default)', () => {
  let env: DriftSandbox;

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 3, subnetsPerVnet: 1 });
  }, 60_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  it("Microsoft's guide estate (user table with the default route and the firewall public IP -> Internet): 0 writes, compliant, adopted", async () => {
    const spoke = env.spoke(0);
    const subnetId = spoke.subnetIds[0]!;
    const table = await createTable(env, 'rt-guide', [
      { name: 'fw-route', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: firewallPrivateIp },
      { name: 'fw-internet', addressPrefix: `${firewallPublicIp}/32`, nextHopType: 'Internet' },
    ], { owner: 'platform-team' });
    const before = await env.stats();
    await associate(env, spoke.vnetName, subnetId.split('/').pop()!, table.id as string);
    const record = await complianceOf(env, subnetId, (entry) => (entry.routeTable as Json | undefined)?.id !== undefined && String((entry.routeTable as Json).id).toLowerCase() === String(table.id).toLowerCase());
    await env.instanceEnded(subnetId);
    await env.quietWrites();
    expect(record.state).toBe('compliant');
    expect(record.routeTable).toEqual({ id: table.id, ownedByGuard: false, adopted: true });
    // Our own subnet PUT is the only write.
    expect(writesIn(await env.stats()) - writesIn(before)).toBe(1);
    expect(comparable(await env.armGet(table.id as string), ['properties.subnets'])).toEqual(comparable(table, ['properties.subnets']));
  });

  it('a Terraform-tagged table pointing at an old firewall IP: exactly one route PUT into it, nothing else changed, no swap', async () => {
    const spoke = env.spoke(1);
    const subnetId = spoke.subnetIds[0]!;
    const table = await createTable(env, 'rt-terraform', [
      { name: 'default-via-fw', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.99' },
      { name: 'onprem', addressPrefix: '192.168.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.9.9.9' },
    ], { 'managed-by': 'terraform', team: 'platform' });
    await associate(env, spoke.vnetName, subnetId.split('/').pop()!, table.id as string);
    const before = await env.stats();
    await eventually('the default route to point at the firewall', async () => {
      const current = (await env.armGet(table.id as string)) as Json;
      return routesOf(current).find((route) => route.name === 'default-via-fw')?.nextHopIpAddress === firewallPrivateIp ? true : undefined;
    }, 30_000);
    await env.instanceEnded(subnetId);
    await env.quietWrites();
    const delta = statsDelta(before, await env.stats());
    const writes = Object.fromEntries(Object.entries(delta).filter(([key]) => !key.startsWith('GET')));
    expect(writes).toEqual({ 'PUT Microsoft.Network/routeTables/routes': 1 });
    const after = (await env.armGet(table.id as string)) as Json;
    expect(after.tags).toEqual(table.tags);
    expect(comparable(after, ['properties.subnets', 'properties.routes'])).toEqual(comparable(table, ['properties.subnets', 'properties.routes']));
    expect(routesOf(after)).toEqual(
      routesOf(table).map((route) => ({ ...route, provisioningState: 'Succeeded', ...(route.name === 'default-via-fw' ? { nextHopIpAddress: firewallPrivateIp } : {}) })),
    );
    const subnet = (await env.armGet(subnetId)) as Json;
    expect(String(((subnet.properties as Json).routeTable as Json).id).toLowerCase()).toBe(String(table.id).toLowerCase());
    const record = await complianceOf(env, subnetId, (entry) => entry.state === 'compliant');
    expect(record.routeTable).toEqual({ id: table.id, ownedByGuard: false, adopted: true });
  });
});

describe('kubenet clusters (sandbox e2e, FOREIGN_ROUTE_TABLE_ACTION=swap)', () => {
  let env: DriftSandbox;

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 1, subnetsPerVnet: 1 }, { FOREIGN_ROUTE_TABLE_ACTION: 'swap' });
  }, 60_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  it('a kubenet cluster with pod routes: never swapped, pod routes untouched, the default route repaired in place', async () => {
    const spoke = env.spoke(0);
    const subnetId = spoke.subnetIds[0]!;
    const aks = new ContainerServiceClient(sandboxCredential, spoke.subscriptionId, { endpoint: env.armUrl });
    await aks.managedClusters.beginCreateOrUpdateAndWait(rg, 'aks-kubenet', {
      location: 'westeurope',
      dnsPrefix: 'aks-kubenet',
      nodeResourceGroup: 'MC_rg-spokes-00_aks-kubenet_westeurope',
      networkProfile: { networkPlugin: 'kubenet', podCidr: '10.244.0.0/16', outboundType: 'userDefinedRouting' },
      agentPoolProfiles: [{ name: 'nodepool1', count: 2, vmSize: 'Standard_D4ds_v5', mode: 'System', vnetSubnetID: subnetId }],
    });
    await env.instanceEnded(subnetId);
    const table = await createTable(env, 'rt-kubenet', [
      { name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.99' },
      { name: 'aks-nodepool1-12345678-vmss000000____102440024', addressPrefix: '10.244.0.0/24', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.100.0.4' },
      { name: 'aks-nodepool1-12345678-vmss000001____102441024', addressPrefix: '10.244.1.0/24', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.100.0.5' },
    ], { 'aks-managed-cluster-name': 'aks-kubenet' });
    await associate(env, spoke.vnetName, subnetId.split('/').pop()!, table.id as string);
    const before = await env.stats();
    await eventually('the default route to point at the firewall', async () => {
      const current = (await env.armGet(table.id as string)) as Json;
      return routesOf(current).find((route) => route.name === 'default')?.nextHopIpAddress === firewallPrivateIp ? true : undefined;
    }, 30_000);
    await env.instanceEnded(subnetId);
    await env.quietWrites();
    const writes = Object.fromEntries(Object.entries(statsDelta(before, await env.stats())).filter(([key]) => !key.startsWith('GET')));
    expect(writes).toEqual({ 'PUT Microsoft.Network/routeTables/routes': 1 });
    const after = (await env.armGet(table.id as string)) as Json;
    expect(routesOf(after).filter((route) => route.name !== 'default')).toEqual(routesOf(table).filter((route) => route.name !== 'default').map((route) => ({ ...route, provisioningState: 'Succeeded' })));
    const subnet = (await env.armGet(subnetId)) as Json;
    expect(String(((subnet.properties as Json).routeTable as Json).id).toLowerCase()).toBe(String(table.id).toLowerCase());
  });
});
