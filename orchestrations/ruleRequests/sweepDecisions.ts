import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';

/** A request's orchestration as the Durable status API shows it; undefined = no such instance (never started, purged). */
export interface InstanceView {
  readonly runtimeStatus: string;
  /** customStatus.stage of the request orchestration (e.g. `awaiting-approval`). */
  readonly stage?: string;
}

export type SweepRepair =
  | { readonly kind: 'none' }
  /** Start the orchestration again from the stored request. */
  | { readonly kind: 'restart'; readonly why: string }
  /** The live orchestration still waits for a decision the store already holds: raise it again. */
  | { readonly kind: 'raise-decision'; readonly why: string };

/** Statuses that still need an orchestration: something remains to be done (decide, apply, expire). */
const UNFINISHED = new Set(['pending-approval', 'approved', 'applying', 'applied']);
const LIVE = new Set(['Running', 'Pending', 'ContinuedAsNew', 'Suspended']);

/**
 * Whether a stored request and its orchestration disagree, and how to repair it. Pure: the sweep reads both sides
 * and acts on the answer. A request created or decided within `graceInMs` is left alone: that create or decision may
 * be between its two steps (store, then Durable) right now, not stuck. (Not `updatedAt`: a writer pass may apply a
 * decided request whose orchestration never heard of the decision, and that must not hide it from the sweep.)
 */
export function sweepRepairFor(request: Pick<RuleRequest, 'status' | 'createdAt' | 'decidedAt'>, instance: InstanceView | undefined, now: Date, graceInMs: number): SweepRepair {
  if (now.getTime() - Date.parse(request.decidedAt ?? request.createdAt) < graceInMs) return { kind: 'none' };
  const live = instance !== undefined && LIVE.has(instance.runtimeStatus);
  if (UNFINISHED.has(request.status) && !live) {
    const what = instance ? `ended (${instance.runtimeStatus})` : 'missing';
    return { kind: 'restart', why: `its orchestration was ${what} while the request was ${request.status}` };
  }
  if (live && request.status !== 'pending-approval' && instance.stage === 'awaiting-approval') {
    return { kind: 'raise-decision', why: `its orchestration still waited for a decision, but the request was already ${request.status}` };
  }
  return { kind: 'none' };
}
