import type { DriftCardModel } from '../../shared/core/cards/driftCard';
import type { ChangeActor } from '../../shared/core/events/resourceEvent';

/** Waits of the per-VNet orchestration, fixed when an instance starts (replay must see the same values). */
export interface DriftWindows {
  /** After a pass, how long more events may arrive and be folded into one more pass before the instance ends. */
  readonly settleInMs: number;
  /** Once a re-run is due, further events are folded into it until none arrived for this long... */
  readonly rerunQuietInMs: number;
  /** ...for at most this long. */
  readonly foldWindowInMs: number;
}

export const defaultDriftWindows: DriftWindows = { settleInMs: 3_000, rerunQuietInMs: 1_500, foldWindowInMs: 10_000 };

export interface VnetReconcileInput {
  readonly vnetId: string;
  /** Why this pass runs (event operation names, "sweep", "rerun"), for the custom status and logs. */
  readonly reasons: readonly string[];
  readonly pass: number;
  /** Retries of this pass so far after retryable refusals (0: first attempt). */
  readonly attempt: number;
  readonly windows: DriftWindows;
  /** Who made the changes that asked for this pass (from the events' claims), most recent last, at most a few. */
  readonly changedBy?: readonly ChangeActor[];
}

/** What a `rerun` event carries. */
export interface RerunRequest {
  readonly reason: string;
  readonly actor?: ChangeActor;
}

/** What the pass activity is asked to do. */
export interface VnetPassRequest {
  readonly vnetId: string;
  readonly reasons: readonly string[];
  readonly pass: number;
  readonly attempt: number;
  /** No retry is left: a retryable refusal is recorded `failed` now. */
  readonly finalAttempt: boolean;
  readonly changedBy?: readonly ChangeActor[];
}

export type SubnetOutcome = 'compliant' | 'remediated' | 'audit-only' | 'contested' | 'failed' | 'gone';

export interface SubnetPassSummary {
  readonly subnetId: string;
  readonly outcome: SubnetOutcome;
  readonly mode: string | undefined;
  readonly findings: ReadonlyArray<{ code: string; severity: string; message: string }>;
  readonly remaining: ReadonlyArray<{ code: string; severity: string; message: string }>;
  readonly writes: ReadonlyArray<{ kind: string; resourceId: string; reason: string }>;
  readonly failure?: { readonly code: string; readonly message: string; readonly retryable: boolean };
  readonly routeTable?: { readonly id: string; readonly ownedByGuard: boolean; readonly adopted: boolean };
  /** Who broke it and when (the event's caller), when the pass repaired or reports drift. */
  readonly changedBy?: string;
}

export interface DriftNotification {
  readonly card: DriftCardModel;
  readonly fingerprint: string;
  readonly subscriptionId: string;
}

/** What one pass did, kept small: it is stored in the orchestration history. */
export interface VnetPassSummary {
  readonly vnetId: string;
  /** done: recorded; retry: a retryable refusal, run the pass again after `retryInMs`. */
  readonly kind: 'done' | 'retry';
  readonly retryInMs?: number;
  readonly vnetGone: boolean;
  readonly subnets: readonly SubnetPassSummary[];
  readonly counters: { readonly armReads: number; readonly armWrites: number; readonly conflicts: number };
  readonly failure?: { readonly code: string; readonly message: string; readonly retryable: boolean };
  /** One per subnet Teams should hear about (already coalesced against what was last posted). */
  readonly notifications: readonly DriftNotification[];
}

export interface VnetReconcileOutput {
  readonly vnetId: string;
  readonly passes: number;
  readonly last: VnetPassSummary;
}
