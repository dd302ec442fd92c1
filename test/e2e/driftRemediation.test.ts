import { comparable, DriftSandbox, firewallPrivateIp, rawPutResponse, resourceWriteEvent, statsDelta, subnetOwned, vnetOwned, writesIn, type Json } from '../support/driftHarness';
import { eventually } from '../support/sandboxProcess';
import { TableClient } from '@azure/data-tables';
import { tableNames } from '../../shared/runtime/appServices';

/**
 * Drift remediation end to end on the sandbox: real ARM writes through @azure/arm-network cause the drift, the ARM
 * emulator's events reach the driftEvents function, the singleton orchestration repairs it. Each scenario owns a
 * VNet of the generated estate (all compliant at start, no initial sweep), so stats deltas are its own.
 */
describe('drift remediation (sandbox e2e)', () => {
  let env: DriftSandbox;
  const rg = 'rg-spokes-00';

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 6, subnetsPerVnet: 1 });
  }, 60_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  /** Asserts the orchestration completed, the subnet is compliant, and ARM writes stopped growing. */
  async function expectConverged(spoke: { routeTableId: string; vnetId: string; subscriptionId: string; resourceGroup: string; vnetName: string; subnetIds: readonly string[] }, subnetId: string) {
    await env.compliant(spoke, subnetId);
    const status = await env.instanceEnded(subnetId);
    expect(status.runtimeStatus).toBe('Completed');
    expect((status.output as { last: { outcome: string } }).last.outcome).toMatch(/^(compliant|remediated)$/);
    // Idle: nothing pending and no timer due, so no further write can come; the count stays where it is.
    const settled = await env.quietWrites();
    expect(await env.quietWrites()).toBe(settled);
    expect(await env.complianceProblem(spoke, subnetId)).toBeUndefined();
  }

  it('repairs a subnet created by a subnet PUT (aks-*), leaving every other property as written', async () => {
    const spoke = env.spoke(0);
    const vnetBefore = await env.armGet(spoke.vnetId);
    const before = await env.stats();
    const written = await rawPutResponse((options) =>
      env.network.subnets.beginCreateOrUpdateAndWait(rg, spoke.vnetName, 'aks-new', {
        addressPrefix: '10.100.9.0/24',
        serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope'] }],
        privateEndpointNetworkPolicies: 'Disabled',
      }, options),
    );
    const subnetId = `${spoke.vnetId}/subnets/aks-new`;
    await expectConverged(spoke, subnetId);

    expect(comparable(await env.armGet(subnetId), subnetOwned)).toEqual(comparable(written, subnetOwned));
    expect(comparable(await env.armGet(spoke.vnetId), [...vnetOwned, 'properties.subnets'])).toEqual(comparable(vnetBefore, [...vnetOwned, 'properties.subnets']));
    // One subnet PUT is ours; the guard's is the association (the VNet's table and DNS were already right).
    expect(statsDelta(before, await env.stats())['PUT Microsoft.Network/virtualNetworks/subnets']).toBe(2);
  });

  it('repairs a subnet declared inline in a VNet PUT: creates the per-VNet table, associates it, sets DNS', async () => {
    const vnetName = 'vnet-inline-b';
    const written = await rawPutResponse((options) =>
      env.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, vnetName, {
        location: 'westeurope',
        tags: { team: 'b' },
        addressSpace: { addressPrefixes: ['10.200.0.0/16'] },
        subnets: [
          { name: 'aks-inline', addressPrefix: '10.200.1.0/24' },
          { name: 'db-subnet', addressPrefix: '10.200.2.0/24' },
        ],
      }, options),
    );
    const vnetId = written.id as string;
    const spoke = { ...env.spoke(0), vnetName, vnetId, routeTableId: vnetId.replace(/virtualNetworks\/.*$/, `routeTables/rt-${vnetName}-egress`) };
    const subnetId = `${vnetId}/subnets/aks-inline`;
    await expectConverged(spoke, subnetId);

    const after = (await env.armGet(vnetId)) as Json;
    // The VNet was written without dhcpOptions: the guard adds them, everything else is as written.
    expect(comparable(after, [...vnetOwned, 'properties.dhcpOptions'])).toEqual(comparable(written, [...vnetOwned, 'properties.dhcpOptions']));
    // The subnet that does not match aks-* is left alone.
    const dbSubnet = ((after.properties as Json).subnets as Json[]).find((subnet) => subnet.name === 'db-subnet') as Json;
    expect((dbSubnet.properties as Json).routeTable).toBeUndefined();
    const table = (await env.armGet(spoke.routeTableId)) as Json;
    expect((table.properties as Json).disableBgpRoutePropagation).toBe(true);
  });

  it('restores a deleted default route with a route PUT, not a table PUT', async () => {
    const spoke = env.spoke(1);
    const subnetId = spoke.subnetIds[0]!;
    const subnetBefore = await env.armGet(subnetId);
    const vnetBefore = await env.armGet(spoke.vnetId);
    const before = await env.stats();
    await env.network.routes.beginDeleteAndWait(rg, `rt-${spoke.vnetName}-egress`, 'egress-guard-default');
    await expectConverged(spoke, subnetId);

    const delta = statsDelta(before, await env.stats());
    expect(delta['DELETE Microsoft.Network/routeTables/routes']).toBe(1);
    expect(delta['PUT Microsoft.Network/routeTables/routes']).toBe(1);
    expect(delta['PUT Microsoft.Network/routeTables']).toBeUndefined();
    expect(delta['PUT Microsoft.Network/virtualNetworks/subnets']).toBeUndefined();
    expect(comparable(await env.armGet(subnetId))).toEqual(comparable(subnetBefore));
    expect(comparable(await env.armGet(spoke.vnetId))).toEqual(comparable(vnetBefore));
  });

  it('repairs a non-compliant foreign route table in place (FOREIGN_ROUTE_TABLE_ACTION default): no swap, only the missing route added', async () => {
    const spoke = env.spoke(2);
    const subnetId = spoke.subnetIds[0]!;
    const subnetName = subnetId.split('/').pop()!;
    const foreign = await env.network.routeTables.beginCreateOrUpdateAndWait(rg, 'rt-foreign-d', {
      location: 'westeurope',
      disableBgpRoutePropagation: true,
      routes: [{ name: 'onprem', addressPrefix: '192.168.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.9.9.9' }],
    });
    const foreignBefore = await env.armGet(foreign.id!);
    const current = await env.network.subnets.get(rg, spoke.vnetName, subnetName);
    const written = await rawPutResponse((options) =>
      env.network.subnets.beginCreateOrUpdateAndWait(rg, spoke.vnetName, subnetName, { ...current, routeTable: { id: foreign.id } }, options),
    );
    expect(((written.properties as Json).routeTable as Json).id).toBe(foreign.id);
    const before = await env.stats();
    await eventually('the default route in the foreign table', async () => {
      const table = (await env.armGet(foreign.id!)) as { properties: { routes: Array<{ name: string; properties: Json }> } };
      return table.properties.routes.some((route) => route.properties.addressPrefix === '0.0.0.0/0' && route.properties.nextHopIpAddress === firewallPrivateIp) || undefined;
    });
    await env.instanceEnded(subnetId);
    await env.quietWrites();
    const delta = statsDelta(before, await env.stats());
    expect(Object.fromEntries(Object.entries(delta).filter(([key]) => !key.startsWith('GET')))).toEqual({ 'PUT Microsoft.Network/routeTables/routes': 1 });
    // The subnet keeps the table it was given; the table keeps its own route and everything else.
    expect(comparable(await env.armGet(subnetId))).toEqual(comparable(written));
    expect(comparable(await env.armGet(foreign.id!), ['properties.subnets', 'properties.routes'])).toEqual(comparable(foreignBefore, ['properties.subnets', 'properties.routes']));
  });

  it('sets the VNet DNS servers back to the firewall, keeping the rest of the VNet', async () => {
    const spoke = env.spoke(3);
    const subnetId = spoke.subnetIds[0]!;
    const vnet = await env.network.virtualNetworks.get(rg, spoke.vnetName);
    const written = await rawPutResponse((options) =>
      env.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, spoke.vnetName, { ...vnet, dhcpOptions: { dnsServers: ['8.8.8.8', '1.1.1.1'] } }, options),
    );
    expect(((written.properties as Json).dhcpOptions as Json).dnsServers).toEqual(['8.8.8.8', '1.1.1.1']);
    await expectConverged(spoke, subnetId);

    const after = (await env.armGet(spoke.vnetId)) as Json;
    expect(((after.properties as Json).dhcpOptions as Json).dnsServers).toEqual([firewallPrivateIp]);
    expect(comparable(after, vnetOwned)).toEqual(comparable(written, vnetOwned));
  });

  it('audit mode (VNet tag egress-guard-mode=audit): no write, the finding in GET /api/compliance and an audit card in Teams', async () => {
    const spoke = env.spoke(4);
    const subnetId = spoke.subnetIds[0]!;
    const subnetName = subnetId.split('/').pop()!;
    const vnet = await env.network.virtualNetworks.get(rg, spoke.vnetName);
    await env.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, spoke.vnetName, { ...vnet, tags: { ...vnet.tags, 'egress-guard-mode': 'audit' } });
    await env.instanceEnded(subnetId);
    const before = await env.stats();
    const current = await env.network.subnets.get(rg, spoke.vnetName, subnetName);
    const written = await rawPutResponse((options) =>
      env.network.subnets.beginCreateOrUpdateAndWait(rg, spoke.vnetName, subnetName, { ...current, routeTable: undefined }, options),
    );

    const state = await eventually('the audit finding in GET /api/compliance', async () => {
      const found = (await env.compliance()).subnets.find((subnet) => subnet.subnetId.toLowerCase() === subnetId.toLowerCase());
      return found?.state === 'audit-only' ? found : undefined;
    });
    expect(state.findings.map((finding) => finding.code)).toContain('route-table-missing');
    const card = await eventually('an audit card in the Teams sink', async () => {
      const messages = await env.teamsMessages();
      return messages.map((message) => JSON.stringify(message)).find((text) => text.includes(subnetName) && text.includes(spoke.vnetName));
    });
    expect(card).toMatch(/audit|would/i);
    const status = await env.instanceEnded(subnetId);
    expect((status.output as { last: { outcome: string } }).last.outcome).toBe('audit-only');
    await env.quietWrites();
    // Our own subnet PUT is the only write: the guard wrote nothing.
    expect(writesIn(await env.stats()) - writesIn(before)).toBe(1);
    expect(comparable(await env.armGet(subnetId))).toEqual(comparable(written));
  });

  it('a malformed event and events for deleted resources end quietly (2xx, a log line, no write)', async () => {
    const before = await env.stats();
    const spoke = env.spoke(0);
    const malformed = await env.postEvents([{ id: 'broken-1', eventType: 'Microsoft.Resources.ResourceWriteSuccess', data: { nothing: true } }]);
    expect(malformed.status).toBeLessThan(300);
    const ghostSubnet = `${spoke.vnetId}/subnets/aks-ghost`;
    const ghostTable = spoke.routeTableId.replace(/egress$/, 'ghost');
    const ghosts = await env.postEvents([
      resourceWriteEvent(ghostSubnet, 'Microsoft.Network/virtualNetworks/subnets/write'),
      resourceWriteEvent(ghostTable, 'Microsoft.Network/routeTables/routes/write'.replace('/routes', '')),
      resourceWriteEvent(`${spoke.vnetId.replace(/[^/]+$/, 'vnet-ghost')}`, 'Microsoft.Network/virtualNetworks/delete', 'delete'),
    ]);
    expect(ghosts.status).toBeLessThan(300);
    await eventually('log lines for the ignored events', async () => {
      const output = env.sandbox.output();
      return output.includes('Ignored event broken-1') && output.includes('route table no longer exists') && output.includes('virtual network deleted') ? true : undefined;
    });
    const status = await env.instanceEnded(ghostSubnet);
    expect((status.output as { last: { outcome: string } }).last.outcome).toBe('gone');
    expect(writesIn(await env.stats())).toBe(writesIn(before));
  });

  it('a burst of events for one subnet costs one evaluation of its VNet plus at most one coalesced re-run', async () => {
    const spoke = env.spoke(5);
    const subnetId = spoke.subnetIds[0]!;
    const before = await env.stats();
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        env.postEvents([index % 2 === 0 ? resourceWriteEvent(subnetId, 'Microsoft.Network/virtualNetworks/subnets/write') : resourceWriteEvent(spoke.routeTableId, 'Microsoft.Network/routeTables/write')]),
      ),
    );
    expect(responses.every((response) => response.status < 300)).toBe(true);
    const status = await env.instanceEnded(subnetId);
    expect((status.output as { passes: number }).passes).toBeLessThanOrEqual(2);
    const delta = statsDelta(before, await env.stats());
    // Each pass reads the VNet once (its subnets inline); the table events each cost one GET of the table to find its subnets.
    expect(delta['GET Microsoft.Network/virtualNetworks']).toBeLessThanOrEqual(2);
    expect(delta['GET Microsoft.Network/virtualNetworks/subnets']).toBeUndefined();
    expect(writesIn(await env.stats())).toBe(writesIn(before));
  });

  it('sibling subnets drifting at once (one VNet etag): one reconcile of the VNet, one VNet PUT carrying every association and the DNS fix', async () => {
    const vnetName = 'vnet-siblings-k';
    const names = ['aks-nodes', 'aks-pods', 'aks-system', 'aks-user'];
    const before = await env.stats();
    const written = await rawPutResponse((options) =>
      env.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, vnetName, {
        location: 'westeurope',
        addressSpace: { addressPrefixes: ['10.201.0.0/16'] },
        subnets: names.map((name, index) => ({
          name,
          addressPrefix: `10.201.${index}.0/24`,
          // Each sibling carries something of its own that the VNet PUT must send back exactly as read.
          ...(index % 2 === 0 ? { serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope'] }] } : { privateEndpointNetworkPolicies: 'Disabled' }),
        })),
      }, options),
    );
    const vnetId = written.id as string;
    const spoke = { ...env.spoke(0), vnetName, vnetId, routeTableId: vnetId.replace(/virtualNetworks\/.*$/, `routeTables/rt-${vnetName}-egress`) };
    for (const name of names) await env.compliant(spoke, `${vnetId}/subnets/${name}`);
    const status = await env.instanceEnded(vnetId);
    expect(status.runtimeStatus).toBe('Completed');
    const last = (status.output as { last: { subnets: Array<{ outcome: string; writes: unknown[] }> } }).last;
    await env.quietWrites();
    const delta = statsDelta(before, await env.stats());
    // Our VNet PUT, then the guard's: the table, and one VNet PUT with the DNS and all four associations.
    expect(delta['PUT Microsoft.Network/routeTables']).toBe(1);
    expect(delta['PUT Microsoft.Network/virtualNetworks']).toBe(2);
    expect(delta['PUT Microsoft.Network/virtualNetworks/subnets']).toBeUndefined();
    expect(delta['PUT Microsoft.Network/routeTables/routes']).toBeUndefined();
    // Per-subnet records stay per subnet (the first pass repaired them all; a later pass, if any, found them compliant).
    const records = (await env.compliance()).subnets.filter((subnet) => subnet.subnetId.toLowerCase().startsWith(`${vnetId.toLowerCase()}/subnets/`));
    expect(records.map((record) => record.state)).toEqual(names.map(() => 'compliant'));
    expect(last.subnets).toHaveLength(names.length);
    // The change budget's ledger holds one entry per ARM write the guard made here (table, VNet PUT).
    const ledger = TableClient.fromConnectionString(env.sandbox.endpoints.azurite.connectionString, tableNames.writeLedger, { allowInsecureConnection: true });
    let ledgered = 0;
    for await (const entry of ledger.listEntities<{ resourceId: string }>()) if (entry.resourceId.toLowerCase().includes(vnetName)) ledgered += 1;
    expect(ledgered).toBe(2);
    const writtenSubnets = (written.properties as { subnets: Json[] }).subnets;
    for (const [index, name] of names.entries()) {
      expect(comparable(await env.armGet(`${vnetId}/subnets/${name}`), subnetOwned)).toEqual(comparable(writtenSubnets[index]!, subnetOwned));
    }
  });
});
