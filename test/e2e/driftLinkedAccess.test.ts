import { NetworkManagementClient } from '@azure/arm-network';
import type { ArmResource } from '../../sandbox/emulators/arm';
import { estateLocation, firewallPrivateIp, hubSubscriptionId, type SpokeIds } from '../../sandbox/seed/generateEstate';
import { credentialFor, otherWriters } from '../support/armTokens';
import { DriftSandbox, type Json } from '../support/driftHarness';
import { eventually } from '../support/sandboxProcess';

/**
 * A hub-and-spoke estate as Azure has it: the spoke VNet peers with a hub VNet in a connectivity subscription and is
 * protected by a DDoS plan in a third subscription. A DNS repair is a VNet PUT that carries both references back, and
 * ARM's linked access check asks for join/peer on each (403 LinkedAuthorizationFailed). Without the linked resources
 * role the finding says what to grant where; with infra's role on those scopes (--linked-scope) the repair goes through.
 */
const connectivitySubscription = '6d1e0f3a-2b4c-4d5e-8f60-7a8b9c0d1e2f';
const ddosSubscription = '4b2a9c7e-1d3f-4e5a-8b6c-9d0e1f2a3b4c';
const connectivityGroup = `/subscriptions/${connectivitySubscription}/resourceGroups/rg-connectivity`;
const ddosGroup = `/subscriptions/${ddosSubscription}/resourceGroups/rg-ddos`;
const hubVnetId = `${connectivityGroup}/providers/Microsoft.Network/virtualNetworks/vnet-hub-central`;
const ddosPlanId = `${ddosGroup}/providers/Microsoft.Network/ddosProtectionPlans/ddos-central`;
const ddosJoin = 'Microsoft.Network/ddosProtectionPlans/join/action';

/** Adds the connectivity and DDoS subscriptions, and gives the spoke VNet its peering and DDoS plan. */
function hubAndSpoke(resources: ArmResource[], spokes: readonly SpokeIds[]): ArmResource[] {
  const spoke = spokes[0]!;
  const group = (id: string): ArmResource => ({ id, name: id.split('/').pop()!, type: 'Microsoft.Resources/resourceGroups', location: estateLocation, properties: { provisioningState: 'Succeeded' } }) as ArmResource;
  const hubVnet = {
    id: hubVnetId,
    name: 'vnet-hub-central',
    type: 'Microsoft.Network/virtualNetworks',
    location: estateLocation,
    properties: { provisioningState: 'Succeeded', addressSpace: { addressPrefixes: ['10.200.0.0/16'] }, subnets: [], virtualNetworkPeerings: [] },
  } as unknown as ArmResource;
  const ddosPlan = { id: ddosPlanId, name: 'ddos-central', type: 'Microsoft.Network/ddosProtectionPlans', location: estateLocation, properties: { provisioningState: 'Succeeded' } } as unknown as ArmResource;
  const amended = resources.map((resource) => {
    if (resource.id !== spoke.vnetId) return resource;
    const properties = resource.properties as Json;
    return {
      ...resource,
      properties: {
        ...properties,
        ddosProtectionPlan: { id: ddosPlanId },
        enableDdosProtection: true,
        virtualNetworkPeerings: [
          {
            name: 'to-hub-central',
            id: `${spoke.vnetId}/virtualNetworkPeerings/to-hub-central`,
            type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
            properties: { provisioningState: 'Succeeded', peeringState: 'Connected', remoteVirtualNetwork: { id: hubVnetId }, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, useRemoteGateways: false },
          },
        ],
      },
    } as unknown as ArmResource;
  });
  return [...amended, group(connectivityGroup), hubVnet, group(ddosGroup), ddosPlan];
}

/** A person sets the spoke's DNS to a custom server (people are not checked by the emulator's linked access, like an Owner). */
async function breakDns(env: DriftSandbox): Promise<void> {
  const spoke = env.spoke(0);
  const person = new NetworkManagementClient(credentialFor(otherWriters.person), spoke.subscriptionId, { endpoint: env.armUrl });
  const vnet = await person.virtualNetworks.get(spoke.resourceGroup, spoke.vnetName);
  await person.virtualNetworks.beginCreateOrUpdateAndWait(spoke.resourceGroup, spoke.vnetName, { ...vnet, dhcpOptions: { dnsServers: ['10.50.0.53'] } });
}

const estate = { subscriptions: 1, vnetsPerSubscription: 1, subnetsPerVnet: 1 };
// Only the spoke subscription is guarded (the role of the guarded subscriptions goes there alone).
const settings = { GUARDED_SUBSCRIPTION_IDS: hubSubscriptionId };

describe('drift repair of a peered, DDoS-protected spoke (sandbox e2e, linked access on)', () => {
  describe('without the linked resources role', () => {
    let env: DriftSandbox;
    beforeAll(async () => {
      env = await DriftSandbox.start(estate, settings, { amendSeed: hubAndSpoke });
    }, 90_000);
    afterAll(async () => {
      await env?.sandbox.stop();
    });

    it('the DNS finding in /api/compliance and on the one card says which action to grant on which scope; state failed', async () => {
      const spoke = env.spoke(0);
      const subnetId = spoke.subnetIds[0]!;
      const subnetName = subnetId.split('/').pop()!;
      await breakDns(env);
      const record = await eventually(
        'the subnet recorded failed',
        async () => (await env.compliance()).subnets.find((subnet) => subnet.subnetId.toLowerCase() === subnetId.toLowerCase() && subnet.state === 'failed'),
        60_000,
      );
      const grant = `grant ${ddosJoin} on ${ddosPlanId}`;
      const dns = (record.findings as Array<{ code: string; message: string }>).find((finding) => finding.code === 'vnet-dns-not-firewall');
      expect(dns?.message).toContain(`Not repaired: ${grant}.`);
      expect(record.failure).toEqual(expect.stringContaining(`Not allowed to write virtual network ${spoke.vnetId}: ${grant}`));
      await env.instanceEnded(subnetId);

      const cards = (await env.teamsMessages()).map((message) => JSON.stringify(message)).filter((text) => text.includes(`Subnet ${subnetName} in ${spoke.vnetName}`));
      expect(cards).toHaveLength(1);
      expect(cards[0]).toContain(grant);
      // Nothing was changed: the person's DNS is still there.
      const vnet = (await env.armGet(spoke.vnetId)) as { properties: { dhcpOptions: { dnsServers: string[] } } };
      expect(vnet.properties.dhcpOptions.dnsServers).toEqual(['10.50.0.53']);
    }, 120_000);
  });

  describe("with infra's linked resources role on the hub and DDoS scopes (--linked-scope)", () => {
    let env: DriftSandbox;
    beforeAll(async () => {
      env = await DriftSandbox.start(estate, settings, { amendSeed: hubAndSpoke, extraArgs: ['--linked-scope', connectivityGroup, '--linked-scope', ddosGroup] });
    }, 90_000);
    afterAll(async () => {
      await env?.sandbox.stop();
    });

    it('the DNS repair succeeds and keeps the peering and the DDoS plan', async () => {
      const spoke = env.spoke(0);
      const subnetId = spoke.subnetIds[0]!;
      await breakDns(env);
      await env.compliant(spoke, subnetId, 60_000);
      await eventually(
        'the subnet recorded compliant',
        async () => (await env.compliance()).subnets.find((subnet) => subnet.subnetId.toLowerCase() === subnetId.toLowerCase() && subnet.state === 'compliant'),
        30_000,
      );
      const vnet = (await env.armGet(spoke.vnetId)) as { properties: Json & { dhcpOptions: { dnsServers: string[] } } };
      expect(vnet.properties.dhcpOptions.dnsServers).toEqual([firewallPrivateIp]);
      expect(vnet.properties.ddosProtectionPlan).toEqual({ id: ddosPlanId });
      expect((vnet.properties.virtualNetworkPeerings as Array<{ properties: { remoteVirtualNetwork: { id: string } } }>).map((peering) => peering.properties.remoteVirtualNetwork.id)).toEqual([hubVnetId]);
    }, 120_000);
  });
});
