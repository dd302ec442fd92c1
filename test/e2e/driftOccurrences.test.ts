import { NetworkManagementClient } from '@azure/arm-network';
import { DriftSandbox, resourceWriteEvent, statsDelta, writesIn, type Json } from '../support/driftHarness';
import { eventually } from '../support/sandboxProcess';

/**
 * Every drift occurrence is told, who did it is named, and the guard does not fight forever (issue #12), end to end:
 * the ARM emulator puts the caller's claims (from the bearer JWT) into its events, the app recognises its own.
 */
const rg = 'rg-spokes-00';
const jwt = (claims: object) => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
const terraformCi = { upn: 'terraform-ci@contoso.com', name: 'Terraform CI', oid: '7d3f0c8e-1111-4222-8333-944455556666', appid: '9a1b2c3d-0000-4000-8000-00000000feed' };
const asTerraform = { getToken: async () => ({ token: jwt({ ...terraformCi, aud: 'https://management.azure.com/' }), expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('drift occurrences, callers and fights (sandbox e2e)', () => {
  let env: DriftSandbox;
  let terraform: NetworkManagementClient;

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 3, subnetsPerVnet: 1 });
    terraform = new NetworkManagementClient(asTerraform, env.spoke(0).subscriptionId, { endpoint: env.armUrl });
  }, 60_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  async function removeRouteTable(client: NetworkManagementClient, vnetName: string, subnetName: string): Promise<void> {
    const current = await client.subnets.get(rg, vnetName, subnetName);
    await client.subnets.beginCreateOrUpdateAndWait(rg, vnetName, subnetName, { ...current, routeTable: undefined });
  }

  const cardsAbout = async (subnetName: string, vnetName: string, outcome: RegExp) =>
    (await env.teamsMessages()).map((message) => JSON.stringify(message)).filter((text) => text.includes(`Subnet ${subnetName} in ${vnetName}`) && outcome.test(text));

  const record = async (subnetId: string) => (await env.compliance()).subnets.find((subnet) => subnet.subnetId.toLowerCase() === subnetId.toLowerCase());

  it('the same route table removed three times, repaired each time: three cards, each naming who removed it; the guard ignores its own writes', async () => {
    const spoke = env.spoke(0);
    const subnetId = spoke.subnetIds[0]!;
    const subnetName = subnetId.split('/').pop()!;
    for (let round = 1; round <= 3; round += 1) {
      await removeRouteTable(terraform, spoke.vnetName, subnetName);
      await env.compliant(spoke, subnetId, 30_000);
      await eventually(`repair card #${round}`, async () => ((await cardsAbout(subnetName, spoke.vnetName, /drift fixed/)).length >= round ? true : undefined), 20_000);
      await env.instanceEnded(subnetId);
    }
    const cards = await cardsAbout(subnetName, spoke.vnetName, /drift fixed/);
    expect(cards).toHaveLength(3);
    for (const card of cards) expect(card).toContain('Terraform CI (terraform-ci@contoso.com)');
    const state = await record(subnetId);
    expect(state).toMatchObject({ state: 'compliant', changedBy: expect.stringContaining('terraform-ci@contoso.com') });
    expect(state?.lastWrites).toEqual([expect.objectContaining({ kind: 'subnet-put' })]);
    // The guard's own subnet PUTs came back as events and started nothing.
    expect(env.sandbox.output()).toMatch(/subnets\/write on .*aks-nodes-00: the guard's own change, nothing to reconcile/);
  }, 150_000);

  it('a second writer re-breaking a subnet 5 times in a minute: at most FIGHT_LIMIT (3) repairs, one card naming that writer, then no writes', async () => {
    const spoke = env.spoke(1);
    const subnetId = spoke.subnetIds[0]!;
    const subnetName = subnetId.split('/').pop()!;
    const before = await env.stats();
    for (let round = 1; round <= 5; round += 1) {
      await removeRouteTable(terraform, spoke.vnetName, subnetName);
      if (round <= 3) {
        await env.compliant(spoke, subnetId, 30_000);
      } else {
        await eventually(`contested after break #${round}`, async () => ((await record(subnetId))?.state === 'contested' && (await env.instance(subnetId))?.runtimeStatus === 'Completed' ? true : undefined), 45_000).catch(
          async (error: unknown) => {
            const lines = env.sandbox.output().split('\n').filter((line) => line.includes('vnet-00-001'));
            throw new Error(`${String(error)}\nrecord: ${JSON.stringify(await record(subnetId))}\ninstance: ${JSON.stringify(await env.instance(subnetId))}\n${lines.slice(-25).join('\n')}`);
          },
        );
      }
    }
    await env.quietWrites();
    const guardSubnetPuts = (statsDelta(before, await env.stats())['PUT Microsoft.Network/virtualNetworks/subnets'] ?? 0) - 5;
    expect(guardSubnetPuts).toBe(3);
    const contested = await cardsAbout(subnetName, spoke.vnetName, /contested/);
    expect(contested).toHaveLength(1);
    expect(contested[0]).toContain('terraform-ci@contoso.com');
    expect(contested[0]).toMatch(/Fix it at the source/);
    const state = await record(subnetId);
    expect(state?.state).toBe('contested');
    expect(String(state?.failure)).toMatch(/terraform-ci@contoso.com/);
    // The subnet stays as the other writer left it.
    const subnet = (await env.armGet(subnetId)) as Json;
    expect((subnet.properties as Json).routeTable).toBeUndefined();
  }, 180_000);

  it('an event for a watched operation with a malformed resource id: a log line and 2xx, no reconcile, no write', async () => {
    const before = writesIn(await env.stats());
    const spoke = env.spoke(2);
    const malformed = resourceWriteEvent(`${spoke.vnetId}/subnets`, 'Microsoft.Network/virtualNetworks/subnets/write');
    const response = await env.postEvents([malformed]);
    expect(response.status).toBeLessThan(300);
    await eventually('the log line for the malformed id', async () => (/nothing to reconcile \(not an ARM resource id/.test(env.sandbox.output()) ? true : undefined));
    expect(writesIn(await env.stats())).toBe(before);
  });
});
