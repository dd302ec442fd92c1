import type { RouteTable, Subnet } from '@azure/arm-network';
import type { Harness } from './harness';
import { rawRequest, startHarness, TOKEN } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

describe('route tables and routes', () => {
  it('creates a route table with a route through the LRO and reads it back Succeeded', async () => {
    const { network } = harness;
    const created = await network.routeTables.createOrUpdate('rg-spoke', 'rt-crud', {
      location: 'westeurope',
      routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' }],
    });
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.routes?.map((route) => route.name)).toEqual(['default']);
    expect(created.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    // Inline routes share the table's etag family.
    expect(created.routes?.[0]?.etag).toBe(created.etag);

    const route = await network.routes.createOrUpdate('rg-spoke', 'rt-crud', 'fw-public-ip', {
      addressPrefix: '20.61.15.100/32',
      nextHopType: 'Internet',
    });
    expect(route.provisioningState).toBe('Succeeded');
    const table = await network.routeTables.get('rg-spoke', 'rt-crud');
    expect(table.routes?.map((r) => r.name).sort()).toEqual(['default', 'fw-public-ip']);
    expect(table.etag).not.toBe(created.etag);
    expect(table.routes?.every((r) => r.etag === table.etag)).toBe(true);

    await network.routes.delete('rg-spoke', 'rt-crud', 'fw-public-ip');
    const afterDelete = await network.routeTables.get('rg-spoke', 'rt-crud');
    expect(afterDelete.routes?.map((r) => r.name)).toEqual(['default']);
  });

  it('replaces the inline routes when a table PUT lists them', async () => {
    const { network } = harness;
    await network.routeTables.createOrUpdate('rg-spoke', 'rt-replace', {
      location: 'westeurope',
      routes: [
        { name: 'one', addressPrefix: '10.1.0.0/16', nextHopType: 'VnetLocal' },
        { name: 'two', addressPrefix: '10.2.0.0/16', nextHopType: 'VnetLocal' },
      ],
    });
    const replaced = await network.routeTables.createOrUpdate('rg-spoke', 'rt-replace', {
      location: 'westeurope',
      routes: [{ name: 'two', addressPrefix: '10.2.0.0/16', nextHopType: 'VnetLocal' }],
    });
    expect(replaced.routes?.map((r) => r.name)).toEqual(['two']);
  });
});

describe('subnets', () => {
  it('shows a subnet PUT in the VNet view and maintains the route table back-reference', async () => {
    const { network } = harness;
    await network.routeTables.createOrUpdate('rg-spoke', 'rt-assoc', { location: 'westeurope' });
    const routeTable = await network.routeTables.get('rg-spoke', 'rt-assoc');
    expect(routeTable.subnets).toBeUndefined();

    const subnet = await network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'aks-extra', {
      addressPrefix: '10.42.9.0/24',
      routeTable: { id: routeTable.id },
    });
    expect(subnet.provisioningState).toBe('Succeeded');
    // Azure echoes these defaults even when the client did not send them.
    expect(subnet.privateEndpointNetworkPolicies).toBe('Disabled');
    expect(subnet.privateLinkServiceNetworkPolicies).toBe('Enabled');

    const vnet = await network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');
    const inline = vnet.subnets?.find((s) => s.name === 'aks-extra');
    expect(inline?.routeTable?.id).toBe(routeTable.id);
    expect(inline?.etag).toBe(vnet.etag);
    expect((await network.subnets.get('rg-spoke', 'vnet-spoke-aks', 'aks-extra')).etag).toBe(vnet.etag);

    const withBackReference = await network.routeTables.get('rg-spoke', 'rt-assoc');
    expect(withBackReference.subnets?.map((s) => s.id)).toEqual([subnet.id]);

    // A subnet PUT replaces the subnet: leaving out routeTable detaches it (arm-contract.md section 4).
    await network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'aks-extra', { addressPrefix: '10.42.9.0/24' });
    expect((await network.routeTables.get('rg-spoke', 'rt-assoc')).subnets).toBeUndefined();
    await network.subnets.delete('rg-spoke', 'vnet-spoke-aks', 'aks-extra');
    const vnetAfter = await network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');
    expect(vnetAfter.subnets?.map((s) => s.name)).not.toContain('aks-extra');
  });

  it('keeps subnets on a VNet PUT without subnets and replaces them with an array', async () => {
    const { network } = harness;
    await network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-keep', {
      location: 'westeurope',
      addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
      subnets: [{ name: 'a', addressPrefix: '10.50.1.0/24' }, { name: 'b', addressPrefix: '10.50.2.0/24' }],
    });
    const kept = await network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-keep', {
      location: 'westeurope',
      addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
      dhcpOptions: { dnsServers: ['10.0.1.4'] },
    });
    expect(kept.subnets?.map((s) => s.name)).toEqual(['a', 'b']);
    expect(kept.dhcpOptions?.dnsServers).toEqual(['10.0.1.4']);
    const replaced = await network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-keep', {
      location: 'westeurope',
      addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
      subnets: [{ name: 'b', addressPrefix: '10.50.2.0/24' }],
    });
    expect(replaced.subnets?.map((s) => s.name)).toEqual(['b']);
    await expect(network.subnets.get('rg-spoke', 'vnet-keep', 'a')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('round-trips properties the emulator does not model and keeps read-only ones server-owned', async () => {
    const { network } = harness;
    const original = await network.subnets.get('rg-spoke', 'vnet-spoke-aks', 'ingress-subnet');
    const update: Subnet = { ...original, routeTable: undefined };
    const written = await network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'ingress-subnet', update);
    expect(written.serviceEndpoints).toEqual(original.serviceEndpoints);
    expect(written.networkSecurityGroup?.id).toBe(original.networkSecurityGroup?.id);
    expect(written.defaultOutboundAccess).toBe(false);

    // A raw property the SDK models nowhere survives too.
    const url = `${harness.emulator.url}${original.id}?api-version=2026-01-01`;
    const put = await rawRequest(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ properties: { addressPrefix: '10.42.2.0/24', futureFeature: { enabled: true, list: [1, 2] }, provisioningState: 'Failed' } }),
    });
    expect(put.status).toBe(200);
    const stored = harness.emulator.store.get(original.id as string);
    expect(stored?.properties?.['futureFeature']).toEqual({ enabled: true, list: [1, 2] });
    expect(stored?.properties?.['provisioningState']).not.toBe('Failed');
  });

  it('answers 412 when If-Match does not match and accepts the current etag', async () => {
    const { network } = harness;
    const current = await network.routeTables.get('rg-spoke', 'rt-replace');
    const stale = 'W/"00000000-0000-0000-0000-000000000000"';
    const body: RouteTable = { location: 'westeurope', routes: current.routes };
    await expect(
      network.routeTables.createOrUpdate('rg-spoke', 'rt-replace', body, { requestOptions: { headers: { 'if-match': stale } } }),
    ).rejects.toMatchObject({ statusCode: 412, code: 'PreconditionFailed', message: 'Precondition failed.' });
    // Azure's body (kubernetes-sigs/cluster-api-provider-azure#682): the mismatch is in the details.
    const raw = await rawRequest(`${harness.emulator.url}${current.id as string}?api-version=2026-01-01`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${TOKEN}`, 'if-match': stale },
    });
    expect(raw.json).toEqual({
      error: { code: 'PreconditionFailed', message: 'Precondition failed.', details: [{ code: 'PreconditionFailedEtagMismatch', message: expect.stringContaining(stale) }] },
    });
    const written = await network.routeTables.createOrUpdate('rg-spoke', 'rt-replace', body, {
      requestOptions: { headers: { 'if-match': current.etag as string } },
    });
    expect(written.etag).not.toBe(current.etag);
  });

  it('refuses to delete a route table that a subnet uses', async () => {
    const { network } = harness;
    const table = await network.routeTables.createOrUpdate('rg-spoke', 'rt-in-use', { location: 'westeurope' });
    await network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'uses-table', { addressPrefix: '10.42.8.0/24', routeTable: { id: table.id } });
    await expect(network.routeTables.delete('rg-spoke', 'rt-in-use')).rejects.toMatchObject({ statusCode: 400, code: 'InUseRouteTableCannotBeDeleted' });
  });
});
