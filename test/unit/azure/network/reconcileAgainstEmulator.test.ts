import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { startArmEmulator, type ArmEmulator } from '../../../../sandbox/emulators/arm';
import { ensureSandboxCertificates } from '../../../../sandbox/certs';
import { projectRoot } from '../../../../sandbox/paths';
import { createArmClients, type ArmClients, type TokenCredential } from '../../../../shared/azure/arm/armClients';
import { createNetworkAdapter } from '../../../../shared/azure/network/networkAdapter';
import type { NetworkAdapterSettings } from '../../../../shared/azure/network/networkAdapterSettings';
import { withRawJson } from '../../../../shared/azure/arm/rawJsonPolicy';
import { evaluate } from '../../../../shared/core/drift/evaluate';
import { reconcileVnet, type VnetPassResult } from '../../../../shared/core/drift/reconcileVnet';
import type { JsonObject } from '../../../../shared/azure/arm/armJson';

const sub = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const vnetId = `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks`;
const subnetId = `${vnetId}/subnets/aks-subnet`;
const ownedTableId = `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-vnet-spoke-aks-egress`;
const fwIp = '10.0.1.4';
const unknownProperty = { nested: { list: [1, 'two', { three: true }] }, flag: 'kept' };

const settings: NetworkAdapterSettings = {
  mode: 'enforce',
  guardedSubscriptionIds: [sub],
  firewallResourceIds: [`/subscriptions/${sub}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub`],
  aksSubnetPatterns: ['aks-*'],
  routeTableStrategy: 'per-vnet',
  sharedRouteTableIds: [],
  routeTableNamePattern: 'rt-{vnet}-egress',
  firewallPublicIpRoute: false,
  removeBypassRoutes: false,
  foreignRouteTableAction: 'repair-in-place',
};

const credential: TokenCredential = { getToken: async () => ({ token: 'sandbox-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** The default seed, with a property no SDK model knows on the AKS subnet. */
function seed(): JsonObject[] {
  const resources = JSON.parse(readFileSync(join(projectRoot(), 'sandbox/seed/default.json'), 'utf8')) as JsonObject[];
  const vnet = resources.find((resource) => resource.id === vnetId) as { properties: { subnets: { name: string; properties: JsonObject }[] } };
  vnet.properties.subnets.find((subnet) => subnet.name === 'aks-subnet')!.properties.futureProperty = unknownProperty;
  return resources;
}

/** The guarded AKS subnet's result in a VNet pass. */
const aks = (result: VnetPassResult) => {
  const own = result.subnets.find((subnet) => subnet.subnetId.toLowerCase() === subnetId.toLowerCase());
  if (!own) throw new Error(`no result for ${subnetId}: ${JSON.stringify(result)}`);
  return own;
};

describe('reconcileVnet against the ARM emulator', () => {
  let dir: string;
  let emulator: ArmEmulator;
  let clients: ArmClients;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'drift-arm-'));
    const certs = await ensureSandboxCertificates(dir);
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), certs.caCertPem]);
    emulator = await startArmEmulator({ tls: { cert: certs.certPem, key: certs.keyPem }, seed: seed() as never, lroDelayMs: 5 });
    clients = createArmClients({ credential, armEndpoint: emulator.url });
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const subnets = () => clients.network(sub).subnets;
  const rawSubnet = async () => (await withRawJson(() => subnets().get('rg-spoke', 'vnet-spoke-aks', 'aks-subnet'))).responses[0]!.body as JsonObject & { properties: JsonObject };
  const rawVnet = async () => (await withRawJson(() => clients.network(sub).virtualNetworks.get('rg-spoke', 'vnet-spoke-aks'))).responses[0]!.body as { properties: { dhcpOptions?: { dnsServers?: string[] } } };

  it('audit mode reports the drift and writes nothing', async () => {
    const result = await reconcileVnet(vnetId, { network: createNetworkAdapter(clients, { ...settings, mode: 'audit' }), policy: { ...settings, mode: 'audit' } });
    expect(aks(result).outcome).toBe('audit-only');
    expect(aks(result).findings.map((finding) => finding.code)).toEqual(expect.arrayContaining(['route-table-missing', 'vnet-dns-not-firewall']));
    expect(result.counters.armWrites).toBe(0);
    expect((await rawSubnet()).properties.routeTable).toBeUndefined();
  });

  it('a concurrent writer between read and write: 412, re-read, nothing lost', async () => {
    const adapter = createNetworkAdapter(clients, settings);
    let interfered = false;
    const racing = {
      ...adapter,
      apply: async (write: Parameters<typeof adapter.apply>[0]) => {
        if ((write.kind === 'subnet-put' || write.kind === 'vnet-put') && !interfered) {
          interfered = true;
          const current = await rawSubnet();
          const body = { ...current, properties: { ...current.properties, privateEndpointNetworkPolicies: 'Enabled' } };
          delete (body as JsonObject).etag;
          await withRawJson(() => subnets().createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'aks-subnet', {}), body);
        }
        return adapter.apply(write);
      },
    };
    const result = await reconcileVnet(vnetId, { network: racing, policy: settings });
    expect(aks(result)).toMatchObject({ outcome: 'remediated', remaining: [] });
    expect(result.counters.conflicts).toBe(1);
    const after = await rawSubnet();
    expect(after.properties.routeTable).toEqual({ id: ownedTableId });
    expect(after.properties.privateEndpointNetworkPolicies).toBe('Enabled');
    expect(JSON.stringify(after.properties.futureProperty)).toBe(JSON.stringify(unknownProperty));
    expect((await rawVnet()).properties.dhcpOptions?.dnsServers).toEqual([fwIp]);
  });

  it('a compliant subnet: second reconcile makes 0 writes', async () => {
    const result = await reconcileVnet(vnetId, { network: createNetworkAdapter(clients, settings), policy: settings });
    expect(aks(result)).toMatchObject({ outcome: 'compliant', findings: [], applied: [] });
    expect(result.counters.armWrites).toBe(0);
  });

  it('a deleted default route is restored with a route PUT', async () => {
    await clients.network(sub).routes.delete('rg-spoke', 'rt-vnet-spoke-aks-egress', 'egress-guard-default');
    const result = await reconcileVnet(vnetId, { network: createNetworkAdapter(clients, settings), policy: settings });
    expect(aks(result).outcome).toBe('remediated');
    expect(result.applied.map(({ write }) => write.kind)).toEqual(['route-put']);
    const route = await clients.network(sub).routes.get('rg-spoke', 'rt-vnet-spoke-aks-egress', 'egress-guard-default');
    expect(route).toMatchObject({ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: fwIp });
  });

  it('DNS changed by hand is set back to the firewall', async () => {
    const vnet = (await withRawJson(() => clients.network(sub).virtualNetworks.get('rg-spoke', 'vnet-spoke-aks'))).responses[0]!.body as JsonObject & { properties: JsonObject };
    const body = { ...vnet, properties: { ...vnet.properties, dhcpOptions: { dnsServers: ['8.8.8.8'] } } };
    delete (body as JsonObject).etag;
    await withRawJson(() => clients.network(sub).virtualNetworks.createOrUpdate('rg-spoke', 'vnet-spoke-aks', { location: 'westeurope' }), body);
    const result = await reconcileVnet(vnetId, { network: createNetworkAdapter(clients, settings), policy: settings });
    expect(result.applied.map(({ write }) => write.kind)).toEqual(['vnet-put']);
    expect((await rawVnet()).properties.dhcpOptions?.dnsServers).toEqual([fwIp]);
    expect(JSON.stringify((await rawSubnet()).properties.futureProperty)).toBe(JSON.stringify(unknownProperty));
  });

  it('a route table swapped for another, FOREIGN_ROUTE_TABLE_ACTION=swap: ends compliant on the owned table, the other table untouched', async () => {
    const foreign = { location: 'westeurope', properties: { routes: [{ name: 'nva', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.9.9.9' } }] } };
    await withRawJson(() => clients.network(sub).routeTables.createOrUpdate('rg-spoke', 'rt-someone-else', { location: 'westeurope' }), foreign);
    const current = await rawSubnet();
    const swapped = { ...current, properties: { ...current.properties, routeTable: { id: `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-someone-else` } } };
    delete (swapped as JsonObject).etag;
    await withRawJson(() => subnets().createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'aks-subnet', {}), swapped);

    const swap = { ...settings, foreignRouteTableAction: 'swap' as const };
    const result = await reconcileVnet(vnetId, { network: createNetworkAdapter(clients, swap), policy: swap });
    expect(aks(result).findings.map((finding) => finding.code)).toContain('route-table-foreign');
    expect(aks(result)).toMatchObject({ outcome: 'remediated', remaining: [] });
    expect((await rawSubnet()).properties.routeTable).toEqual({ id: ownedTableId });
    const other = await clients.network(sub).routes.get('rg-spoke', 'rt-someone-else', 'nva');
    expect(other.nextHopIpAddress).toBe('10.9.9.9');
  });

  it('the sweep observes every guarded subnet from list calls only, and agrees it is compliant now', async () => {
    const sweep = await createNetworkAdapter(clients, settings).observeSweep();
    expect(sweep.guarded.map((guarded) => guarded.subnetId)).toContain(subnetId);
    expect(sweep.guarded.some((guarded) => /AzureFirewallSubnet$/.test(guarded.subnetId))).toBe(false);
    const aks = sweep.observed.find((observed) => observed.subnet.id === subnetId)!;
    expect(evaluate(aks, settings)).toEqual([]);
    // 3 lists for the subscription + firewall, its public IP and its policy: independent of the subnet count.
    expect(sweep.armReads).toBeLessThanOrEqual(6);
  });
});
