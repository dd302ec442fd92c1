import { NetworkManagementClient, type VirtualNetwork } from '@azure/arm-network';
import { parseLinkedAuthorizationFailure } from '../../../../../shared/azure/arm/linkedAuthorization';
import { asyncOperationStatusActions, guardedSubscriptionActions, linkedResourceActions } from '../../../../../shared/azure/permissions';
import { credentialFor, otherWriters } from '../../../../support/armTokens';
import type { Harness } from './harness';
import { rawRequest, startHarness, SUBSCRIPTION_ID } from './harness';

// The harness token's principal plays the app, with the guarded subscription role from permissions.ts.
const APP_OID = 'oid-under-test';
const HUB_SUBSCRIPTION = '6d1e0f3a-2b4c-4d5e-8f60-7a8b9c0d1e2f';
const ddosPlanId = `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-connectivity/providers/Microsoft.Network/ddosProtectionPlans/ddos-central`;
const hubVnetId = `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub-central`;
const spokeRouteTableId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-linked`;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    linkedAccess: { principals: { [APP_OID]: [{ scope: `/subscriptions/${SUBSCRIPTION_ID}`, actions: guardedSubscriptionActions('per-vnet', false, 'repair-in-place') }] } },
  });
  // The hub subscription exists (a resource group in it), so ARM finds the linked subscription.
  const group = await rawRequest(`${harness.emulator.url}/subscriptions/${HUB_SUBSCRIPTION}/resourcegroups/rg-connectivity?api-version=2024-03-01`, {
    method: 'PUT',
    headers: { authorization: `Bearer x` },
    body: JSON.stringify({ location: 'westeurope' }),
  });
  expect(group.status).toBe(201);
  await harness.network.routeTables.createOrUpdate('rg-spoke', 'rt-linked', { location: 'westeurope' });
});
afterAll(async () => harness.close());

const grantsOf = (actions: readonly string[], scope = `/subscriptions/${SUBSCRIPTION_ID}`) => ({ [APP_OID]: [{ scope, actions: [...actions] }] });
const setPrincipals = async (principals: Record<string, unknown>) => {
  const response = await rawRequest(`${harness.emulator.url}/_sandbox/access`, { method: 'POST', body: JSON.stringify({ principals }) });
  expect(response.status).toBe(200);
};
const spokeWithHubReferences = async (): Promise<VirtualNetwork> => {
  const spoke = await harness.network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');
  // What a DNS repair sends back in a hub-and-spoke estate: the DDoS plan and the peering to the hub, unchanged.
  return {
    location: spoke.location,
    addressSpace: spoke.addressSpace,
    dhcpOptions: { dnsServers: ['10.0.1.4'] },
    ddosProtectionPlan: { id: ddosPlanId },
    enableDdosProtection: true,
    virtualNetworkPeerings: [{ name: 'to-hub', remoteVirtualNetwork: { id: hubVnetId }, allowForwardedTraffic: true }],
  };
};

describe('linked access with the app role loaded', () => {
  afterEach(async () => setPrincipals(grantsOf(guardedSubscriptionActions('per-vnet', false, 'repair-in-place'))));

  it('refuses a VNet PUT carrying a DDoS plan outside the granted scopes, in ARM words the product can parse', async () => {
    const body = await spokeWithHubReferences();
    const error = await harness.network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-spoke-aks', body).catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ statusCode: 403, code: 'LinkedAuthorizationFailed' });
    expect((error as Error).message).toBe(
      `The client 'app-under-test' with object id '${APP_OID}' has permission to perform action 'Microsoft.Network/virtualNetworks/write' on scope '/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks'; however, it does not have permission to perform action 'Microsoft.Network/ddosProtectionPlans/join/action' on the linked scope(s) '${ddosPlanId}' or the linked scope(s) are invalid.`,
    );
    expect(parseLinkedAuthorizationFailure(error)?.sentence).toBe(`grant Microsoft.Network/ddosProtectionPlans/join/action on ${ddosPlanId}`);
    // Refused before anything changed.
    const stored = await harness.network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');
    expect(stored.dhcpOptions?.dnsServers ?? []).not.toEqual(['10.0.1.4']);
  });

  it('asks for peer/action on the remote VNet once the DDoS plan is granted, and succeeds with the linked resources role', async () => {
    const body = await spokeWithHubReferences();
    await setPrincipals({
      [APP_OID]: [
        { scope: `/subscriptions/${SUBSCRIPTION_ID}`, actions: guardedSubscriptionActions('per-vnet', false, 'repair-in-place') },
        { scope: ddosPlanId, actions: ['Microsoft.Network/ddosProtectionPlans/join/action'] },
      ],
    });
    await expect(harness.network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-spoke-aks', body)).rejects.toMatchObject({
      statusCode: 403,
      message: expect.stringContaining(`'Microsoft.Network/virtualNetworks/peer/action' on the linked scope(s) '${hubVnetId}'`),
    });

    await setPrincipals({
      [APP_OID]: [
        { scope: `/subscriptions/${SUBSCRIPTION_ID}`, actions: guardedSubscriptionActions('per-vnet', false, 'repair-in-place') },
        { scope: `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-connectivity`, actions: [...linkedResourceActions] },
      ],
    });
    const written = await harness.network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-spoke-aks', body);
    expect(written.dhcpOptions?.dnsServers).toEqual(['10.0.1.4']);
  });

  it('refuses a subnet PUT whose route table join was taken away, and names the table', async () => {
    await setPrincipals(grantsOf(guardedSubscriptionActions('per-vnet', false, 'repair-in-place').filter((action) => action !== 'Microsoft.Network/routeTables/join/action')));
    const subnet = await harness.network.subnets.get('rg-spoke', 'vnet-spoke-aks', 'aks-subnet');
    const error = await harness.network.subnets
      .createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'aks-subnet', { ...subnet, routeTable: { id: spokeRouteTableId } })
      .catch((thrown: unknown) => thrown);

    expect(parseLinkedAuthorizationFailure(error)).toMatchObject({ action: 'Microsoft.Network/routeTables/join/action', scope: spokeRouteTableId });
  });

  it('lets another writer (no grants loaded for it) do what the app may not', async () => {
    await setPrincipals(grantsOf(['Microsoft.Network/virtualNetworks/write']));
    const terraform = new NetworkManagementClient(credentialFor(otherWriters.terraform), SUBSCRIPTION_ID, { endpoint: harness.emulator.url });
    const subnet = await terraform.subnets.get('rg-spoke', 'vnet-spoke-aks', 'aks-subnet');

    const written = await terraform.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'aks-subnet', { ...subnet, routeTable: { id: spokeRouteTableId } });
    expect(written.routeTable?.id).toBe(spokeRouteTableId);
  });

  it('answers a reference into a subscription ARM does not know as ARM does, for every caller', async () => {
    const terraform = new NetworkManagementClient(credentialFor(otherWriters.terraform), SUBSCRIPTION_ID, { endpoint: harness.emulator.url });
    const missing = '00000000-0000-0000-0000-000000000000';
    const error = await terraform.virtualNetworks
      .createOrUpdate('rg-spoke', 'vnet-orphan', { location: 'westeurope', addressSpace: { addressPrefixes: ['10.77.0.0/16'] }, ddosProtectionPlan: { id: `/subscriptions/${missing}/resourceGroups/x/providers/Microsoft.Network/ddosProtectionPlans/p` } })
      .catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ statusCode: 403, code: 'LinkedAuthorizationFailed' });
    expect(parseLinkedAuthorizationFailure(error)).toMatchObject({ reason: 'linked-subscription-not-found', scope: `/subscriptions/${missing}` });
  });

  it('is switched off and on through the admin API, and the admin API refuses a bad grant with the field named', async () => {
    await setPrincipals(grantsOf(['Microsoft.Network/virtualNetworks/read', 'Microsoft.Network/virtualNetworks/write', ...asyncOperationStatusActions]));
    const off = await rawRequest(`${harness.emulator.url}/_sandbox/access`, { method: 'POST', body: JSON.stringify({ enabled: false }) });
    expect(off.json).toMatchObject({ enabled: false });
    const body = await spokeWithHubReferences();
    await expect(harness.network.virtualNetworks.createOrUpdate('rg-spoke', 'vnet-spoke-aks', { ...body, virtualNetworkPeerings: [] })).resolves.toBeDefined();
    await rawRequest(`${harness.emulator.url}/_sandbox/access`, { method: 'POST', body: JSON.stringify({ enabled: true }) });

    const bad = await rawRequest(`${harness.emulator.url}/_sandbox/access`, { method: 'POST', body: JSON.stringify({ principals: { x: [{ scope: 'rg-spoke', actions: [] }] } }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/scope/);
  });
});
