import { comparable, DriftSandbox, statsDelta, subnetOwned, writesIn, type Json } from '../support/driftHarness';
import { eventually } from '../support/sandboxProcess';
import type { SpokeIds } from '../../sandbox/seed/generateEstate';

/**
 * Drift remediation under contention and ARM faults. Drift is caused through a VNet PUT (inline subnet without its
 * route table), so faults and latency armed on the subnet's own path hit only the guard's subnet reads/writes.
 */
describe('drift remediation under faults (sandbox e2e)', () => {
  let env: DriftSandbox;
  const rg = 'rg-spokes-00';

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 6, subnetsPerVnet: 1 });
  }, 60_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  /** Removes the subnet's route table with a VNet PUT; returns the subnet as ARM has it right after. */
  async function driftViaVnet(spoke: SpokeIds, change: (subnet: Json) => void = () => undefined): Promise<void> {
    const vnet = await env.network.virtualNetworks.get(rg, spoke.vnetName);
    const subnets = (vnet.subnets ?? []).map((subnet) => {
      const copy = { ...subnet, routeTable: undefined } as Json;
      change(copy);
      return copy;
    });
    await env.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, spoke.vnetName, { ...vnet, subnets });
  }

  it('a concurrent writer between our read and our write loses nothing (412, re-read, re-plan)', async () => {
    const spoke = env.spoke(0);
    const subnetId = spoke.subnetIds[0]!;
    const subnetPath = new URL(subnetId, 'https://x').pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Every request on the subnet's own path (the guard's GET and PUT) takes 1.5 s: the window for our write.
    await env.admin('latency', 'POST', { pathPattern: `${subnetPath}$`, ms: 1_500 });
    try {
      const before = await env.stats();
      await driftViaVnet(spoke);
      // The guard's PUT is counted when it arrives, then waits out the latency: write now, through the VNet.
      await eventually('the guard to send its subnet PUT', async () => (statsDelta(before, await env.stats())['PUT Microsoft.Network/virtualNetworks/subnets'] ?? 0) >= 1 || undefined, 20_000, 50);
      await driftViaVnet(spoke, (subnet) => {
        subnet.serviceEndpoints = [{ service: 'Microsoft.KeyVault', locations: ['*'] }];
      });
      await env.compliant(spoke, subnetId, 30_000);
      await env.instanceEnded(subnetId);
      const subnet = (await env.armGet(subnetId)) as { properties: { serviceEndpoints?: Array<{ service: string }> } };
      expect(subnet.properties.serviceEndpoints?.map((endpoint) => endpoint.service)).toEqual(['Microsoft.KeyVault']);
      // The first guard PUT was refused (412) and a second one, built from the re-read, went through.
      expect(statsDelta(before, await env.stats())['PUT Microsoft.Network/virtualNetworks/subnets']).toBeGreaterThanOrEqual(2);
      const settled = await env.quietWrites();
      expect(env.sandbox.output()).not.toMatch(/Reconcile of .*aks-nodes-00.* failed/);
      expect(writesIn(await env.stats())).toBe(settled);
    } finally {
      await env.admin('latency', 'DELETE');
    }
  }, 90_000);

  it.each([
    { label: '429 throttling', kind: 'throttle', count: 2, spoke: 1 },
    { label: '500 server errors', kind: 'server-error', count: 2, spoke: 2 },
    { label: '409 AnotherOperationInProgress', kind: 'another-operation', count: 1, spoke: 3 },
    { label: 'connection resets', kind: 'reset', count: 2, spoke: 4 },
  ])('$label on the guard subnet PUT: retried, the subnet ends compliant, nothing else changed', async ({ kind, count, spoke: index }) => {
    const spoke = env.spoke(index);
    const subnetId = spoke.subnetIds[0]!;
    const subnetPath = new URL(subnetId, 'https://x').pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await env.admin('faults', 'POST', { method: 'PUT', pathPattern: `${subnetPath}$`, count, kind, retryAfterSeconds: 1 });
    await driftViaVnet(spoke);
    const drifted = await env.armGet(subnetId);
    await env.compliant(spoke, subnetId, 40_000);
    const status = await env.instanceEnded(subnetId);
    expect((status.output as { last: { outcome: string } }).last.outcome).toMatch(/^(compliant|remediated)$/);
    expect(((await env.admin('faults')) as { pending: unknown[] }).pending).toEqual([]);
    expect(comparable(await env.armGet(subnetId), subnetOwned)).toEqual(comparable(drifted, subnetOwned));
    // Idle: nothing pending and no timer due, so no further write can come; the count stays where it is.
    const settled = await env.quietWrites();
    expect(await env.quietWrites()).toBe(settled);
  }, 90_000);

  it('a failed LRO on the guard subnet PUT (permanent): recorded failed with the reason, one card, nothing half-written', async () => {
    const spoke = env.spoke(5);
    const subnetId = spoke.subnetIds[0]!;
    const subnetName = subnetId.split('/').pop()!;
    const subnetPath = new URL(subnetId, 'https://x').pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await env.admin('faults', 'POST', { method: 'PUT', pathPattern: `${subnetPath}$`, count: 1, kind: 'lro-failed' });
    await driftViaVnet(spoke);
    const drifted = await env.armGet(subnetId);
    const compliance = await eventually('the failure in GET /api/compliance', async () =>
      (await env.compliance()).subnets.find((subnet) => subnet.subnetId.toLowerCase() === subnetId.toLowerCase() && subnet.state === 'failed'),
    40_000);
    expect(String(compliance.failure)).toMatch(/write subnet/);
    // ARM's code and message from the operation's terminal answer (ArmOperationFailedError), not the poller's text.
    expect(String(compliance.failure)).toMatch(/ended Failed: InternalServerError: An error occurred while processing the operation/);
    const status = await env.instanceEnded(subnetId, ['Completed'], 40_000);
    expect((status.output as { last: { outcome: string } }).last.outcome).toBe('failed');
    // Rolled back: the subnet is exactly as the drifting write left it (no half-applied association).
    expect(comparable(await env.armGet(subnetId))).toEqual(comparable(drifted));
    const cards = (await env.teamsMessages()).map((message) => JSON.stringify(message)).filter((text) => text.includes(subnetName) && /failed/i.test(text));
    expect(cards).toHaveLength(1);
    const settled = await env.quietWrites();
    expect(writesIn(await env.stats())).toBe(settled);
  }, 90_000);
});
