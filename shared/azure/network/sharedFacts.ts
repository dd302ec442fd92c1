import type { JsonObject } from '../arm/armJson';
import type { ClusterFacts, FirewallFacts } from '../../core/drift/types';
import type { ArmClients } from '../arm/armClients';
import { listRaw, ReadCounter } from '../arm/armRead';
import { toClusterFacts } from './clusterFacts';
import { readFirewalls } from './readFirewalls';

/** How long one read of the firewalls and of a subscription's clusters serves the reconciles that need it. */
export const sharedFactsTtlInMs = 5_000;

/**
 * Facts every subnet's evaluation needs but no subnet write changes: the region firewalls (private IP, public IPs,
 * DNS proxy) and the clusters of a subscription. A burst of events re-observes subnets many times within seconds
 * (each round of a reconcile, 100 subnets at once); reading these once per few seconds instead of once per
 * observation cuts the ARM reads of a pass from ~8 to ~4 while staying live (a changed firewall IP is picked up
 * within seconds). Concurrent callers share one in-flight read.
 */
export interface SharedFacts {
  firewalls(counter: ReadCounter): Promise<FirewallFacts[]>;
  clusters(subscriptionId: string, counter: ReadCounter): Promise<ClusterFacts[]>;
}

export function createSharedFacts(clients: ArmClients, firewallIds: readonly string[], now: () => number = Date.now, ttlInMs = sharedFactsTtlInMs): SharedFacts {
  const entries = new Map<string, { readAt: number; value: Promise<unknown> }>();
  const memo = async <T>(key: string, counter: ReadCounter, read: (own: ReadCounter) => Promise<T>): Promise<T> => {
    const cached = entries.get(key);
    if (cached && now() - cached.readAt < ttlInMs) return cached.value as Promise<T>;
    const own = new ReadCounter();
    const value = read(own).then((result) => {
      counter.count += own.count; // the caller that triggered the read is charged for it
      return result;
    });
    entries.set(key, { readAt: now(), value });
    value.catch(() => entries.delete(key)); // a failed read is not cached
    return value;
  };
  return {
    firewalls: (counter) => memo('firewalls', counter, (own) => readFirewalls(clients, own, firewallIds)),
    clusters: (subscriptionId, counter) =>
      memo(`clusters:${subscriptionId.toLowerCase()}`, counter, async (own) =>
        (await listRaw<JsonObject>(own, () => clients.containerService(subscriptionId).managedClusters.list())).map(toClusterFacts),
      ),
  };
}
