/** Durable function names of drift remediation, shared by triggers, orchestrations and tests. */
export const driftNames = {
  orchestrator: 'subnetReconcileOrchestrator',
  reconcileActivity: 'reconcileSubnetActivity',
  notifyActivity: 'notifyDriftActivity',
  /** External event raised on a running instance when more changes arrive: coalesced into one more pass. */
  rerunEvent: 'rerun',
} as const;

/**
 * Singleton instance id per subnet, derived from the lower-cased subnet id. Durable instance ids must avoid '/', and
 * subnet ids are long, so the readable part (VNet and subnet name) is followed by a hash of the whole id.
 */
export function subnetInstanceId(subnetId: string): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const normalized = subnetId.toLowerCase();
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 16);
  const match = /\/virtualnetworks\/([^/]+)\/subnets\/([^/]+)$/.exec(normalized);
  const readable = match ? `${match[1]}-${match[2]}`.replace(/[^a-z0-9-]/g, '-').slice(0, 60) : 'subnet';
  return `drift-${readable}-${hash}`;
}
