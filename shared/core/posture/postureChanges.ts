import type { ClusterPosture, PostureSeverity } from './types';

/** A finding as remembered between passes (what the channel was told). */
export interface RememberedFinding {
  readonly check: string;
  readonly code: string;
  readonly key: string;
  readonly severity: PostureSeverity;
  readonly message: string;
  readonly fix: string;
}

export interface ClusterPostureChange {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly status: ClusterPosture['status'];
  readonly appeared: readonly RememberedFinding[];
  readonly recovered: readonly RememberedFinding[];
}

/** The findings of a posture, in check order, as they are remembered. */
export function findingsOf(posture: ClusterPosture): RememberedFinding[] {
  return posture.checks.flatMap((result) => result.findings.map(({ code, key, severity, message, fix }) => ({ check: result.check, code, key, severity, message, fix })));
}

const identity = (finding: RememberedFinding) => `${finding.code}\u0000${finding.key.toLowerCase()}`;

/**
 * What changed since the channel was last told: findings that appeared and findings that went away (recoveries).
 * Keyed by code and key, so a reworded message or another rule name for the same requirement is not news.
 * undefined when nothing changed.
 */
export function postureChange(told: readonly RememberedFinding[], current: ClusterPosture): ClusterPostureChange | undefined {
  const now = findingsOf(current);
  const toldKeys = new Set(told.map(identity));
  const nowKeys = new Set(now.map(identity));
  const appeared = now.filter((finding) => !toldKeys.has(identity(finding)));
  const recovered = told.filter((finding) => !nowKeys.has(identity(finding)));
  if (appeared.length === 0 && recovered.length === 0) return undefined;
  return { clusterId: current.clusterId, clusterName: current.clusterName, status: current.status, appeared, recovered };
}
