import { NetworkManagementClient } from '@azure/arm-network';
import { credentialFor, mintArmToken, otherWriters } from '../../../../support/armTokens';
import type { Harness } from './harness';
import { rawRequest, startHarness, SUBSCRIPTION_ID } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

const spoke = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-spoke/providers/Microsoft.Network`;

describe('routes', () => {
  it('refuses a VirtualAppliance route without nextHopIpAddress (route PUT and inline in a table PUT)', async () => {
    await harness.network.routeTables.createOrUpdate('rg-spoke', 'rt-va', { location: 'westeurope' });
    const expected = { statusCode: 400, code: 'MissingNextHopIpAddress', message: 'NextHopIpAddress cannot be Null or Empty in route default when NextHopType is VirtualAppliance.' };

    await expect(harness.network.routes.createOrUpdate('rg-spoke', 'rt-va', 'default', { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' })).rejects.toMatchObject(expected);
    await expect(
      harness.network.routeTables.createOrUpdate('rg-spoke', 'rt-va', { location: 'westeurope', routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: ' ' }] }),
    ).rejects.toMatchObject(expected);
    const route = await harness.network.routes.createOrUpdate('rg-spoke', 'rt-va', 'internet', { addressPrefix: '20.1.2.3/32', nextHopType: 'Internet' });
    expect(route.provisioningState).toBe('Succeeded');
  });
});

describe('subnet references outside the VNet region or subscription', () => {
  it('refuses an NSG of another region with InvalidResourceReference, and accepts one of the same region', async () => {
    const elsewhere = await harness.network.networkSecurityGroups.createOrUpdate('rg-spoke', 'nsg-eastus', { location: 'eastus' });
    const here = await harness.network.networkSecurityGroups.createOrUpdate('rg-spoke', 'nsg-westeurope', { location: 'West Europe' });

    await expect(
      harness.network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'region-check', { addressPrefix: '10.42.40.0/24', networkSecurityGroup: { id: elsewhere.id as string } }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceReference',
      message: `Resource ${elsewhere.id as string} referenced by resource ${spoke}/virtualNetworks/vnet-spoke-aks/subnets/region-check was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    });
    const subnet = await harness.network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'region-check', { addressPrefix: '10.42.40.0/24', networkSecurityGroup: { id: here.id as string } });
    expect(subnet.networkSecurityGroup?.id).toBe(here.id);
  });

  it('refuses a route table of another subscription, inline in a VNet PUT too', async () => {
    const other = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    await rawRequest(`${harness.emulator.url}/subscriptions/${other}/resourcegroups/rg-other?api-version=2024-03-01`, { method: 'PUT', headers: { authorization: 'Bearer x' }, body: JSON.stringify({ location: 'westeurope' }) });
    const foreign = await new NetworkManagementClient(credentialFor(otherWriters.terraform), other, { endpoint: harness.emulator.url }).routeTables.createOrUpdate('rg-other', 'rt-foreign', { location: 'westeurope' });
    const vnet = await harness.network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');

    await expect(
      harness.network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-spoke-aks', {
        location: vnet.location,
        addressSpace: vnet.addressSpace,
        subnets: (vnet.subnets ?? []).map((subnet) => (subnet.name === 'aks-subnet' ? { ...subnet, routeTable: { id: foreign.id as string } } : subnet)),
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceReference' });
  });
});

describe('who changed it: claims in the events', () => {
  it('names a person by upn and a service principal by appid, in ARM claim names, with the client IP', async () => {
    const person = new NetworkManagementClient(credentialFor(otherWriters.person), SUBSCRIPTION_ID, { endpoint: harness.emulator.url });
    harness.events.length = 0;
    await person.routeTables.createOrUpdate('rg-spoke', 'rt-by-person', { location: 'westeurope' });
    const [event] = harness.events;

    expect(event?.data.claims).toMatchObject({
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'dana.ops@contoso.example',
      name: 'Dana Ops',
      appid: otherWriters.person.appid,
      'http://schemas.microsoft.com/identity/claims/objectidentifier': otherWriters.person.oid,
    });
    expect(event?.data.authorization.evidence.principalId).toBe(otherWriters.person.oid);
    expect(event?.data.httpRequest.clientIpAddress).toMatch(/127\.0\.0\.1/);
  });

  it('gives an opaque caller for a token that is not a JWT', async () => {
    harness.events.length = 0;
    const response = await rawRequest(`${harness.emulator.url}${spoke}/routeTables/rt-opaque?api-version=2026-01-01`, {
      method: 'PUT',
      headers: { authorization: 'Bearer not-a-jwt' },
      body: JSON.stringify({ location: 'westeurope' }),
    });
    expect(response.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.events[0]?.data.claims).toEqual({
      appid: '00000000-0000-4000-8000-0000000000aa',
      'http://schemas.microsoft.com/identity/claims/objectidentifier': '00000000-0000-4000-8000-0000000000aa',
    });
  });

  it('mints tokens whose tid names the tenant of the event', async () => {
    const token = mintArmToken({ oid: 'o', appid: 'a', tid: 'tenant-x' });
    harness.events.length = 0;
    await rawRequest(`${harness.emulator.url}${spoke}/routeTables/rt-tenant?api-version=2026-01-01`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ location: 'westeurope' }) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.events[0]?.data.tenantId).toBe('tenant-x');
  });
});
