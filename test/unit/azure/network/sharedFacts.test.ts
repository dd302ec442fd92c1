import { ReadCounter } from '../../../../shared/azure/arm/armRead';
import { createSharedFacts } from '../../../../shared/azure/network/sharedFacts';
import type { ArmClients } from '../../../../shared/azure/arm/armClients';

/** A fake ARM surface counting calls; the shared facts are about how often ARM is asked, not what it answers. */
function fakeClients(calls: { clusters: number; firewalls: number }, failClusters = false): ArmClients {
  return {
    network: () =>
      ({
        azureFirewalls: {
          get: async () => {
            calls.firewalls += 1;
            const error = Object.assign(new Error('not found'), { name: 'RestError', statusCode: 404 });
            throw error;
          },
        },
      }) as never,
    containerService: () =>
      ({
        managedClusters: {
          list: () => ({
            async *[Symbol.asyncIterator]() {
              calls.clusters += 1;
              if (failClusters) throw Object.assign(new Error('boom'), { name: 'RestError', statusCode: 500 });
            },
          }),
        },
      }) as never,
  };
}

const firewallId = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub';

describe('createSharedFacts', () => {
  it('serves concurrent and repeated reads within the TTL from one ARM read', async () => {
    const calls = { clusters: 0, firewalls: 0 };
    let clock = 0;
    const facts = createSharedFacts(fakeClients(calls), [firewallId], () => clock, 5_000);
    await Promise.all([facts.firewalls(new ReadCounter()), facts.firewalls(new ReadCounter()), facts.clusters('sub', new ReadCounter())]);
    clock = 4_999;
    await facts.firewalls(new ReadCounter());
    await facts.clusters('SUB', new ReadCounter());
    expect(calls).toEqual({ clusters: 1, firewalls: 1 });
  });

  it('reads again once the TTL has passed, so a changed firewall is seen within seconds', async () => {
    const calls = { clusters: 0, firewalls: 0 };
    let clock = 0;
    const facts = createSharedFacts(fakeClients(calls), [firewallId], () => clock, 5_000);
    await facts.firewalls(new ReadCounter());
    clock = 5_000;
    await facts.firewalls(new ReadCounter());
    expect(calls.firewalls).toBe(2);
  });

  it('keeps subscriptions apart and does not cache failures', async () => {
    const calls = { clusters: 0, firewalls: 0 };
    const failing = createSharedFacts(fakeClients(calls, true), [firewallId], () => 0, 5_000);
    await expect(failing.clusters('sub-a', new ReadCounter())).rejects.toThrow('boom');
    await expect(failing.clusters('sub-a', new ReadCounter())).rejects.toThrow('boom');
    await expect(failing.clusters('sub-b', new ReadCounter())).rejects.toThrow('boom');
    expect(calls.clusters).toBe(3);
  });
});
