import { createHash } from 'node:crypto';

/** Durable function names of drift remediation, shared by triggers, orchestrations and tests. */
export const driftNames = {
  orchestrator: 'vnetReconcileOrchestrator',
  reconcileActivity: 'reconcileVnetActivity',
  notifyActivity: 'notifyDriftActivity',
  /** Records every guarded subnet of a VNet `failed` and tells Teams when the pass activity itself kept failing. */
  recordFailureActivity: 'recordDriftFailureActivity',
  /** External event raised on a running instance when more changes arrive: folded into one more pass. */
  rerunEvent: 'rerun',
} as const;

/**
 * Singleton instance id per VNet (the etag family of its subnets), derived from the lower-cased VNet id. Durable
 * instance ids must avoid '/', and ids are long, so the readable part (the VNet name) is followed by a hash of the id.
 */
export function vnetInstanceId(vnetId: string): string {
  const normalized = vnetId.toLowerCase().replace(/\/+$/, '');
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 16);
  const match = /\/virtualnetworks\/([^/]+)$/.exec(normalized);
  const readable = match ? match[1]!.replace(/[^a-z0-9-]/g, '-').slice(0, 60) : 'vnet';
  return `drift-${readable}-${hash}`;
}
