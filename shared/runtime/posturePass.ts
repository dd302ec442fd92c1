import { findingsOf, postureChange, type ClusterPostureChange, type RememberedFinding } from '../core/posture/postureChanges';
import { evaluatePosture } from '../core/posture/evaluatePosture';
import type { ClusterPosture } from '../core/posture/types';
import { PostureStore } from '../azure/tables/postureStore';
import { readPostureFacts } from '../azure/posture/readPostureFacts';
import type { AppServices } from './appServices';

export const postureTableName = 'EgressGuardPosture';

export const postureStoreOf = (services: Pick<AppServices, 'table'>): PostureStore => new PostureStore(services.table(postureTableName));

/** What one posture pass found, kept small: it is stored in the orchestration history. */
export interface PosturePassSummary {
  readonly clusters: number;
  readonly failing: number;
  readonly armReads: number;
  /** Set when Teams should hear about this pass: the changes, and what the channel knows once it is posted. */
  readonly notification?: {
    readonly changes: readonly ClusterPostureChange[];
    readonly told: ReadonlyArray<{ readonly clusterId: string; readonly findings: readonly RememberedFinding[] }>;
  };
}

/**
 * Reads the estate, evaluates every cluster, records each posture, and works out what changed since the channel was
 * last told (stored with the posture, so it holds across instances and restarts). Clusters that are gone are
 * dropped from the store.
 */
export async function runPosturePass(services: Pick<AppServices, 'arm' | 'settings' | 'table'>, now: () => Date = () => new Date()): Promise<PosturePassSummary> {
  const store = postureStoreOf(services);
  const { facts, armReads } = await readPostureFacts(services.arm, services.settings);
  const stored = new Map((await store.list()).map((entry) => [entry.posture.clusterId.toLowerCase(), entry]));
  const changes: ClusterPostureChange[] = [];
  const told: Array<{ clusterId: string; findings: RememberedFinding[] }> = [];
  const postures: ClusterPosture[] = [];
  for (const clusterFacts of facts) {
    const posture = evaluatePosture(clusterFacts);
    postures.push(posture);
    const previous = stored.get(posture.clusterId.toLowerCase());
    stored.delete(posture.clusterId.toLowerCase());
    await store.record(posture, now().toISOString());
    const change = postureChange(previous?.told ?? [], posture);
    if (change) {
      changes.push(change);
      told.push({ clusterId: posture.clusterId, findings: findingsOf(posture) });
    }
  }
  for (const gone of stored.values()) await store.remove(gone.posture.clusterId);
  return {
    clusters: postures.length,
    failing: postures.filter((posture) => posture.status === 'fail').length,
    armReads,
    ...(changes.length > 0 ? { notification: { changes, told } } : {}),
  };
}
