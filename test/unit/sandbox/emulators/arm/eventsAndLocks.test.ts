import type { FirewallPolicyRuleCollectionGroup } from '@azure/arm-network';
import type { Harness } from './harness';
import { rawRequest, startHarness, SUBSCRIPTION_ID } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ ruleCollectionGroupLroDelayMs: 20 });
});
afterAll(async () => harness.close());

describe('Event Grid events', () => {
  it('emits ResourceWriteSuccess with the RBAC operation name once the LRO completes', async () => {
    harness.events.length = 0;
    const subnet = await harness.network.subnets.createOrUpdate('rg-spoke', 'vnet-spoke-aks', 'evented', { addressPrefix: '10.42.6.0/24' });
    expect(harness.events).toHaveLength(1);
    const [event] = harness.events;
    expect(event).toMatchObject({
      topic: `/subscriptions/${SUBSCRIPTION_ID}`,
      subject: subnet.id,
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      dataVersion: '2',
      metadataVersion: '1',
      data: {
        operationName: 'Microsoft.Network/virtualNetworks/subnets/write',
        resourceProvider: 'Microsoft.Network',
        resourceUri: subnet.id,
        status: 'Succeeded',
        subscriptionId: SUBSCRIPTION_ID,
        tenantId: 'tenant-under-test',
        // ARM's claim names (event-schema-resource-groups.md sample): appid as is, oid as its claim-type URI.
        claims: { appid: 'app-under-test', 'http://schemas.microsoft.com/identity/claims/objectidentifier': 'oid-under-test' },
        httpRequest: { method: 'PUT' },
      },
    });
    expect(event?.data.httpRequest.url).toContain('/subnets/evented');
  });

  it('emits ResourceDeleteSuccess for a delete', async () => {
    harness.events.length = 0;
    await harness.network.subnets.delete('rg-spoke', 'vnet-spoke-aks', 'evented');
    expect(harness.events.map((e) => [e.eventType, e.data.operationName])).toEqual([
      ['Microsoft.Resources.ResourceDeleteSuccess', 'Microsoft.Network/virtualNetworks/subnets/delete'],
    ]);
  });
});

describe('rule collection groups', () => {
  const group = (priority: number): FirewallPolicyRuleCollectionGroup => ({
    priority,
    ruleCollections: [
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
        name: 'requests',
        priority: 100,
        action: { type: 'Allow' },
        rules: [{ ruleType: 'ApplicationRule', name: 'example', sourceAddresses: ['10.42.0.0/16'], protocols: [{ protocolType: 'Https', port: 443 }], targetFqdns: ['example.com'] }],
      },
    ],
  } as FirewallPolicyRuleCollectionGroup);

  it('answers 409 AnotherOperationInProgress to a second write on the same policy during an LRO', async () => {
    const { network, emulator } = harness;
    await rawRequest(`${emulator.url}/_sandbox/settings`, { method: 'POST', body: JSON.stringify({ ruleCollectionGroupLroDelayMs: 400 }) });
    try {
      const first = network.firewallPolicyRuleCollectionGroups.createOrUpdate('rg-hub', 'afwp-hub', 'egress-guard-requests', group(64000));
      await first.submitted();
      await expect(
        network.firewallPolicyRuleCollectionGroups.createOrUpdate('rg-hub', 'afwp-hub', 'other-group', group(65000)),
      ).rejects.toMatchObject({ statusCode: 409, code: 'AnotherOperationInProgress', message: expect.stringMatching(/^Another operation on this or dependent resource is in progress\. To retrieve status of the operation use uri: https:\/\/127\.0\.0\.1/) });
      const created = await first;
      expect(created.provisioningState).toBe('Succeeded');
    } finally {
      await rawRequest(`${emulator.url}/_sandbox/settings`, { method: 'POST', body: JSON.stringify({ ruleCollectionGroupLroDelayMs: 20 }) });
    }
    const policy = await network.firewallPolicies.get('rg-hub', 'afwp-hub');
    expect(policy.ruleCollectionGroups?.map((ref) => ref.id?.split('/').at(-1)).sort()).toEqual(['egress-guard-requests', 'rcg-platform']);
    expect(policy.firewalls?.map((ref) => ref.id?.split('/').at(-1))).toEqual(['fw-hub']);
  });

  it('replaces the whole group on PUT', async () => {
    const { network } = harness;
    const replaced = await network.firewallPolicyRuleCollectionGroups.createOrUpdate('rg-hub', 'afwp-hub', 'egress-guard-requests', { priority: 64000, ruleCollections: [] });
    expect(replaced.ruleCollections).toEqual([]);
  });
});
