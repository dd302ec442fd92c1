import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetworkManagementClient } from '@azure/arm-network';
import { firewallPolicyOperationStatusActions, firewallPolicyRuleActions, guardedSubscriptionActions, hubFirewallReadActions, linkedResourceActions } from '../../shared/azure/permissions';
import { credentialFor, otherWriters } from '../support/armTokens';
import { eventually, startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

// The sandbox wires the app's identity and role into the ARM emulator (docs/sandbox.md, "What the ARM emulator refuses").
const hubScope = '/subscriptions/6d1e0f3a-2b4c-4d5e-8f60-7a8b9c0d1e2f/resourceGroups/rg-connectivity';
let sandbox: SandboxProcess;

beforeAll(async () => {
  // The initial sweep runs: the seed's drift is repaired with Azure's timing (writes of 5-15 s, polls every 10 s).
  sandbox = await startSandboxProcess({ timers: false, extraArgs: ['--linked-scope', hubScope, '--lro-profile', 'azure'] });
});
afterAll(async () => {
  await sandbox?.stop();
});

describe('sandbox ARM options', () => {
  it("publishes the app's own identity, kept in the state directory", () => {
    const { identity } = sandbox.endpoints;
    expect(identity.objectId).toMatch(/^[0-9a-f-]{36}$/);
    const { appId, objectId, tenantId } = identity;
    expect(JSON.parse(readFileSync(join(sandbox.stateDir, 'identity.json'), 'utf8'))).toEqual({ appId, objectId, tenantId });
    expect(identity.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it("loads the app's whole role as infra assigns it, for linked access and the role check: guarded subscriptions, hub firewall reader, Monitoring Reader, policy rules, linked resources on --linked-scope", async () => {
    const access = (await (await fetch(`${sandbox.endpoints.arm.adminUrl}/access`)).json()) as { enabled: boolean; actions: boolean; principals: Record<string, Array<{ scope: string; actions: string[] }>> };
    expect(access).toMatchObject({ enabled: true, actions: true });
    const hubGroup = `/subscriptions/${sandbox.endpoints.arm.subscriptionIds[0]}/resourceGroups/rg-hub`;
    const firewall = sandbox.endpoints.appSettings.FIREWALL_RESOURCE_IDS;
    expect(firewall).toBe(`${hubGroup}/providers/Microsoft.Network/azureFirewalls/fw-hub`);
    expect(access.principals[sandbox.endpoints.identity.objectId]).toEqual([
      ...sandbox.endpoints.arm.subscriptionIds.map((id) => ({ scope: `/subscriptions/${id}`, actions: guardedSubscriptionActions('per-vnet', false, 'repair-in-place') })),
      { scope: hubGroup, actions: [...hubFirewallReadActions] },
      { scope: firewall, actions: ['*/read', 'Microsoft.Support/*'] },
      // FIREWALL_POLICY_ID is unset: the policy attached to the first firewall, as infra resolves it, and the status
      // reads of its writes on the policy's resource group.
      { scope: `${hubGroup}/providers/Microsoft.Network/firewallPolicies/afwp-hub`, actions: [...firewallPolicyRuleActions] },
      { scope: hubGroup, actions: [...firewallPolicyOperationStatusActions] },
      { scope: hubScope, actions: [...linkedResourceActions] },
    ]);
  });

  it('runs the ARM emulator with the requested LRO profile and busy resources on', async () => {
    const settings = (await (await fetch(`${sandbox.endpoints.arm.adminUrl}/settings`)).json()) as { lroProfile: string; serializeNetworkOperations: boolean };
    expect(settings).toMatchObject({ lroProfile: 'azure', serializeNetworkOperations: true });
    expect(sandbox.endpoints.arm).toMatchObject({ lroProfile: 'azure', linkedAccess: true, actionAccess: true, busyResources: true });
  });

  it("still converges with Azure's timing and the app's role checked: the seed's subnet gets a route table and the spoke the firewall DNS", async () => {
    // Read as another principal, straight from ARM, so the check does not depend on the app's own API.
    const network = new NetworkManagementClient(credentialFor(otherWriters.person), sandbox.endpoints.arm.subscriptionIds[0] as string, { endpoint: sandbox.endpoints.arm.url });
    const repaired = await eventually(
      'the seed drift repaired under --lro-profile azure',
      async () => {
        const vnet = await network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks');
        const subnet = vnet.subnets?.find((candidate) => candidate.name === 'aks-subnet');
        const done = vnet.provisioningState === 'Succeeded' && subnet?.routeTable?.id !== undefined && (vnet.dhcpOptions?.dnsServers ?? []).length > 0;
        return done ? { routeTable: subnet?.routeTable?.id, dns: vnet.dhcpOptions?.dnsServers } : undefined;
      },
      150_000,
      2_000,
    );
    expect(repaired.routeTable).toMatch(/\/routeTables\//);
    expect(repaired.dns).toEqual(['10.0.1.4']);
  }, 180_000);
});
