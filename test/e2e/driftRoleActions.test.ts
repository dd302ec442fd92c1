import { NetworkManagementClient } from '@azure/arm-network';
import { credentialFor, otherWriters } from '../support/armTokens';
import { DriftSandbox, type Json } from '../support/driftHarness';
import { eventually } from '../support/sandboxProcess';

/**
 * ARM's role check end to end: the sandbox loads the app's role as infra/ assigns it, and the emulator refuses a
 * request whose own action the role lacks (403 AuthorizationFailed), as Azure does. Here the role is narrowed after
 * start (a deployment whose role assignment is older than the code): without subnets/write and virtualNetworks/write
 * the guard cannot re-associate the route table, records the subnet failed with the action named, and changes nothing.
 */
type Grant = { scope: string; actions: string[] };
const withoutNetworkWrites = ['Microsoft.Network/virtualNetworks/write', 'Microsoft.Network/virtualNetworks/subnets/write'];

describe("drift repair with a role narrower than the code (sandbox e2e, ARM's role check on)", () => {
  let env: DriftSandbox;
  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 1, subnetsPerVnet: 1 });
  }, 90_000);
  afterAll(async () => {
    await env?.sandbox.stop();
  });

  it('the app was loaded with its whole role; without the VNet and subnet writes the repair is refused, recorded failed naming the action, and nothing is written', async () => {
    const appObjectId = env.sandbox.endpoints.identity.objectId.toLowerCase();
    const access = (await env.admin('access')) as { enabled: boolean; actions: boolean; principals: Record<string, Grant[]> };
    expect(access).toMatchObject({ enabled: true, actions: true });
    const role = access.principals[appObjectId] ?? [];
    expect(role.flatMap((grant) => grant.actions)).toEqual(expect.arrayContaining(['Microsoft.Network/virtualNetworks/subnets/write', 'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write']));
    await env.admin('access', 'POST', { principals: { [appObjectId]: role.map((grant) => ({ ...grant, actions: grant.actions.filter((action) => !withoutNetworkWrites.includes(action)) })) } });

    // A person takes the route table off the AKS subnet (people are not restricted by the emulator, like an Owner).
    const spoke = env.spoke(0);
    const subnetId = spoke.subnetIds[0]!;
    const subnetName = subnetId.split('/').pop()!;
    const person = new NetworkManagementClient(credentialFor(otherWriters.person), spoke.subscriptionId, { endpoint: env.armUrl });
    const subnet = await person.subnets.get(spoke.resourceGroup, spoke.vnetName, subnetName);
    await person.subnets.beginCreateOrUpdateAndWait(spoke.resourceGroup, spoke.vnetName, subnetName, { ...subnet, routeTable: undefined });

    const record = await eventually(
      'the subnet recorded failed',
      async () => (await env.compliance()).subnets.find((candidate) => candidate.subnetId.toLowerCase() === subnetId.toLowerCase() && candidate.state === 'failed'),
      60_000,
    );
    expect(record.failure).toEqual(expect.stringContaining("The app's identity may not"));
    expect(record.failure).toEqual(expect.stringMatching(/does not have authorization to perform action 'Microsoft\.Network\/virtualNetworks\/(subnets\/)?write' over scope/));
    const stored = (await env.armGet(subnetId)) as { properties: Json };
    expect(stored.properties.routeTable).toBeUndefined();
  }, 120_000);
});
