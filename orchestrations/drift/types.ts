import type { DriftCardModel } from '../../shared/core/cards/driftCard';

export interface SubnetReconcileInput {
  readonly subnetId: string;
  /** Why this pass runs (event operation names, "sweep", "rerun"), for the custom status and logs. */
  readonly reasons: readonly string[];
  readonly pass: number;
}

/** What one reconcile pass did, kept small: it is stored in the orchestration history. */
export interface DriftPassSummary {
  readonly subnetId: string;
  readonly outcome: 'compliant' | 'remediated' | 'audit-only' | 'failed' | 'not-guarded' | 'gone';
  readonly mode: string | undefined;
  readonly findings: ReadonlyArray<{ code: string; severity: string; message: string }>;
  readonly remaining: ReadonlyArray<{ code: string; severity: string; message: string }>;
  readonly writes: ReadonlyArray<{ kind: string; resourceId: string; reason: string }>;
  readonly counters: { readonly armReads: number; readonly armWrites: number; readonly conflicts: number };
  readonly failure?: { readonly code: string; readonly message: string; readonly retryable: boolean };
  /** The route table the subnet uses and whether the guard owns or adopted it. */
  readonly routeTable?: { readonly id: string; readonly ownedByGuard: boolean; readonly adopted: boolean };
  /** Set when Teams should hear about this pass (already coalesced against what was last posted). */
  readonly notification?: { readonly card: DriftCardModel; readonly fingerprint: string; readonly subscriptionId: string };
}

export interface SubnetReconcileOutput {
  readonly subnetId: string;
  readonly passes: number;
  readonly last: DriftPassSummary;
}
