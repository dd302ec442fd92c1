import type { JsonObject } from '../azure/arm/armJson';
import type { PostureFirewall } from '../core/posture/types';
import { listRaw, ReadCounter } from '../azure/arm/armRead';
import { armPostureReader, postureFactsFor, readPostureFirewall } from '../azure/posture/readPostureFacts';
import type { AuditClients } from './auditClients';
import { auditErrorFrom } from './auditErrorFrom';
import { auditClusterPosture, type AuditClusterPosture } from './auditPosture';
import type { EstateSnapshot } from './estate';

export interface PostureProgress {
  readonly clustersDone: number;
  readonly clustersTotal: number | undefined;
}

/**
 * The posture section from ARM, with the app's posture reader (shared/azure/posture) over the audit's read-only
 * clients: the clusters of the audited subscriptions (one list each: the estate keeps only their subnets), the
 * firewalls the audit found with their public IPs, policy chains, rule collection groups and IP groups, and each
 * cluster's node resource group. The VNets are the estate's, not read again.
 */
export async function readLivePosture(
  clients: AuditClients,
  estate: EstateSnapshot,
  options: { readonly onProgress?: (progress: PostureProgress) => void; readonly concurrency?: number } = {},
): Promise<AuditClusterPosture[]> {
  const counter = new ReadCounter();
  const reader = armPostureReader(clients, counter);
  options.onProgress?.({ clustersDone: 0, clustersTotal: undefined });
  const clusters: JsonObject[] = [];
  for (const subscriptionId of estate.subscriptionIds) {
    try {
      clusters.push(...(await listRaw<JsonObject>(counter, () => clients.containerService(subscriptionId).managedClusters.list())));
    } catch (error) {
      throw auditErrorFrom(error, `list the AKS clusters of subscription ${subscriptionId}`, subscriptionId);
    }
  }
  const firewalls: PostureFirewall[] = [];
  for (const firewall of estate.firewalls) {
    try {
      const read = await readPostureFirewall(reader, firewall.id);
      if (read !== undefined) firewalls.push(read);
    } catch (error) {
      throw auditErrorFrom(error, `read firewall ${firewall.id} and its policy`);
    }
  }
  // Clusters in parallel: each reads its node resource group (a list or two).
  const postures: (AuditClusterPosture | undefined)[] = clusters.map(() => undefined);
  let next = 0;
  let done = 0;
  options.onProgress?.({ clustersDone: 0, clustersTotal: clusters.length });
  const worker = async () => {
    while (next < clusters.length) {
      const index = next++;
      const cluster = clusters[index]!;
      try {
        const [facts] = await postureFactsFor(reader, [cluster], estate.vnets, firewalls);
        if (facts !== undefined) postures[index] = auditClusterPosture(facts);
      } catch (error) {
        throw auditErrorFrom(error, `read the posture facts of cluster ${String(cluster.id)}`);
      }
      options.onProgress?.({ clustersDone: ++done, clustersTotal: clusters.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, clusters.length) }, worker));
  return postures.filter((posture): posture is AuditClusterPosture => posture !== undefined);
}
