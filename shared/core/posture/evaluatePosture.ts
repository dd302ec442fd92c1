import { postureChecks } from './registry';
import type { ClusterPosture, PostureCheck, PostureFacts } from './types';

/**
 * A cluster's egress posture: every check over the observed facts. Pure (no I/O, no clock), importable without
 * Durable or Functions: the app's posture pass and command-line tools call the same function.
 */
export function evaluatePosture(facts: PostureFacts, checks: readonly PostureCheck[] = postureChecks): ClusterPosture {
  const results = checks.map((check) => ({ check: check.name, title: check.title, ...check.evaluate(facts) }));
  const status = results.some((result) => result.status === 'fail') ? 'fail' : results.some((result) => result.status === 'advice') ? 'advice' : 'pass';
  return { clusterId: facts.cluster.id, clusterName: facts.cluster.name, status, checks: results };
}
