import type { JsonObject } from '../../azure/arm/armJson';
import { failureFromError, type ReconcileFailure } from './armFailure';
import { decide, type ObservedVnet, type SubnetVerdict, type VnetDecision } from './decide';
import { independentWrites } from './independentWrites';
import { retryBudget } from './retryBudget';
import type { RouteTableUse } from './routeTableTarget';
import type { Finding, GuardMode, DriftPolicy } from './types';
import type { Write } from './writes';

/** What a pass needs from ARM (implemented by shared/azure/network). */
export interface DriftNetworkPort {
  /** A fresh read of the VNet, its inline subnets and what their rules look at; undefined when the VNet is gone. */
  observeVnet(vnetId: string): Promise<{ observed: ObservedVnet | undefined; armReads: number }>;
  /** Sends one write (If-Match/If-None-Match from the write) and awaits its LRO; returns the resource as ARM returns it after. */
  apply(write: Write): Promise<JsonObject | undefined>;
}

export interface ReconcileDeps {
  readonly network: DriftNetworkPort;
  readonly policy: DriftPolicy;
  /**
   * Writes still allowed by CHANGE_BUDGET_PER_HOUR, asked once and only when a write is due (a compliant VNet costs
   * no ledger read); undefined = unlimited. A rejection propagates: it is the caller's store failing, not ARM.
   */
  readonly writeBudget?: () => Promise<number>;
  /**
   * Writes the pass must not make, each with the reason (fight detection: the guard and someone else keep undoing
   * each other). Asked once per round with that round's plan; held writes are left out and the subnets they would
   * repair end `contested` with the reason.
   */
  readonly holdBack?: (writes: readonly Write[]) => Promise<ReadonlyMap<Write, string>>;
  readonly maxRounds?: number;
  readonly maxConflicts?: number;
}

/**
 * - compliant: nothing was wrong. remediated: writes were applied and no fixable drift is left.
 * - audit-only: drift remains that the guard did not change (audit/exempt, report-only findings, change budget).
 * - contested: the guard stopped writing it (fight detection). failed: a permanent refusal or retries exhausted.
 */
export type ReconcileOutcome = 'compliant' | 'remediated' | 'audit-only' | 'contested' | 'failed';

export interface AppliedWrite {
  readonly write: Write;
  /** The guarded subnets this write repaired (a VNet PUT may carry several siblings' associations). */
  readonly subnetIds: readonly string[];
  readonly before: JsonObject | undefined;
  readonly after: JsonObject | undefined;
}

export interface SubnetResult {
  readonly subnetId: string;
  readonly mode: GuardMode;
  readonly outcome: ReconcileOutcome;
  /** Findings at the first observation (what was wrong). */
  readonly findings: readonly Finding[];
  /** Findings at the last observation (what is still wrong). */
  readonly remaining: readonly Finding[];
  readonly applied: readonly AppliedWrite[];
  readonly failure?: ReconcileFailure;
  readonly routeTable?: RouteTableUse;
}

export interface PassCounters {
  readonly armReads: number;
  readonly armWrites: number;
  readonly conflicts: number;
  readonly rounds: number;
}

/**
 * How a pass ended, as data (no thrown control flow):
 * - done: the VNet is as good as the guard may make it; `subnets` says per subnet how it ended.
 * - retry: ARM refused retryably (busy, throttled, 5xx after the SDK's own retries, too many 412s). `subnets` is what
 *   would be recorded if no retry is left (the caller decides: retry later, or record them failed).
 */
export type VnetPassResult =
  | { readonly kind: 'done'; readonly vnetId: string; readonly vnetGone: boolean; readonly subnets: readonly SubnetResult[]; readonly applied: readonly AppliedWrite[]; readonly counters: PassCounters }
  | { readonly kind: 'retry'; readonly vnetId: string; readonly failure: ReconcileFailure; readonly subnets: readonly SubnetResult[]; readonly applied: readonly AppliedWrite[]; readonly counters: PassCounters };

const writeActions: Record<Write['kind'], string> = {
  'route-table-create': 'create route table',
  'route-table-update': 'update route table',
  'route-put': 'write route',
  'route-delete': 'delete route',
  'subnet-put': 'write subnet',
  'vnet-put': 'write virtual network',
};

/**
 * One pass over one VNet: observe -> decide -> apply, repeated until nothing is left to write. Every round re-reads,
 * so a 412 (someone changed the resource after our read) costs one round and loses nothing: the next body is built
 * from what they wrote. One write per etag family per round (see independentWrites).
 */
export async function reconcileVnet(vnetId: string, deps: ReconcileDeps): Promise<VnetPassResult> {
  const maxRounds = deps.maxRounds ?? retryBudget.maxRoundsPerPass;
  const maxConflicts = deps.maxConflicts ?? retryBudget.maxConflictsPerPass;
  const counters = { armReads: 0, armWrites: 0, conflicts: 0, rounds: 0 };
  const applied: AppliedWrite[] = [];
  let first: VnetDecision | undefined;
  let budget: number | undefined;

  const observe = async (): Promise<{ observed?: ObservedVnet; failure?: ReconcileFailure }> => {
    try {
      const { observed, armReads } = await deps.network.observeVnet(vnetId);
      counters.armReads += armReads;
      return observed === undefined ? {} : { observed };
    } catch (error) {
      return { failure: failureFromError(error, { action: 'read', resourceId: vnetId }) };
    }
  };

  const results = (last: VnetDecision, end: { failure?: ReconcileFailure; budgetFailure?: ReconcileFailure; contested?: ReadonlyMap<string, string> } = {}): SubnetResult[] =>
    last.subnets.map((verdict) => subnetResult(verdict, first?.subnets.find((initial) => initial.subnetId === verdict.subnetId), applied, end));
  const done = (last: VnetDecision | undefined, end: Parameters<typeof results>[1] = {}): VnetPassResult => ({
    kind: 'done',
    vnetId,
    vnetGone: last === undefined,
    subnets: last === undefined ? [] : results(last, end),
    applied,
    counters: { ...counters },
  });
  const retry = (last: VnetDecision | undefined, failure: ReconcileFailure): VnetPassResult => ({
    kind: 'retry',
    vnetId,
    failure,
    subnets: last === undefined ? [] : results(last, { failure }),
    applied,
    counters: { ...counters },
  });
  const failed = (last: VnetDecision | undefined, failure: ReconcileFailure): VnetPassResult =>
    failure.retryable ? retry(last, failure) : done(last, { failure });

  let latest: VnetDecision | undefined;
  let seen = await observe();
  for (;;) {
    if (seen.failure) return failed(latest, seen.failure);
    if (seen.observed === undefined) return done(undefined);
    latest = decide(seen.observed, deps.policy);
    first ??= latest;
    const holds = latest.writes.length > 0 && deps.holdBack ? await deps.holdBack(latest.writes.map(({ write }) => write)) : new Map<Write, string>();
    const held = latest.writes.filter(({ write }) => holds.has(write));
    const writes = latest.writes.filter((planned) => !held.includes(planned));
    const contested = new Map(held.flatMap(({ write, subnetIds }) => subnetIds.map((id) => [id.toLowerCase(), holds.get(write)!] as const)));
    if (writes.length === 0) return done(latest, { contested });
    if (counters.rounds >= maxRounds) {
      return retry(latest, { code: 'not-converging', retryable: true, message: `Still drifting after ${maxRounds} rounds of writes: something keeps changing the VNet back.`, resourceId: vnetId });
    }
    const batch = independentWrites(writes.map(({ write }) => write)).map((write) => writes.find((planned) => planned.write === write)!);
    budget ??= deps.writeBudget ? await deps.writeBudget() : Number.POSITIVE_INFINITY;
    const writesLeft = budget - counters.armWrites;
    if (batch.length > writesLeft) {
      return done(latest, {
        contested,
        budgetFailure: {
          code: 'change-budget-exhausted',
          retryable: true,
          message: `CHANGE_BUDGET_PER_HOUR allows ${writesLeft} more write(s) now; ${batch.length} needed. Nothing was written.`,
        },
      });
    }
    counters.rounds += 1;
    for (const planned of batch) {
      try {
        const after = await deps.network.apply(planned.write);
        counters.armWrites += 1;
        applied.push({ write: planned.write, subnetIds: planned.subnetIds, before: 'before' in planned.write ? planned.write.before : undefined, after });
      } catch (error) {
        const failure = { ...failureFromError(error, { action: writeActions[planned.write.kind], resourceId: planned.write.resourceId }), findingCodes: planned.write.reason.split(',') };
        if (failure.code !== 'concurrent-modification') return failed(latest, failure);
        counters.conflicts += 1;
        if (counters.conflicts > maxConflicts) return retry(latest, failure);
        break; // a 412: re-read at once, the next round plans from what the other writer left
      }
    }
    seen = await observe();
  }
}

function subnetResult(
  verdict: SubnetVerdict,
  initial: SubnetVerdict | undefined,
  applied: readonly AppliedWrite[],
  end: { failure?: ReconcileFailure; budgetFailure?: ReconcileFailure; contested?: ReadonlyMap<string, string> },
): SubnetResult {
  const own = applied.filter((write) => write.subnetIds.some((id) => id.toLowerCase() === verdict.subnetId.toLowerCase()));
  const base = {
    subnetId: verdict.subnetId,
    mode: verdict.mode,
    findings: initial?.findings ?? verdict.findings,
    remaining: verdict.findings,
    applied: own,
    ...(verdict.routeTable ? { routeTable: verdict.routeTable } : {}),
  };
  const repaired = own.length > 0;
  if (verdict.state === 'writes-due') {
    const contested = end.contested?.get(verdict.subnetId.toLowerCase());
    if (contested !== undefined) return { ...base, outcome: 'contested', failure: { code: 'contested', retryable: false, message: contested } };
    if (end.budgetFailure) return { ...base, outcome: 'audit-only', failure: end.budgetFailure };
    if (end.failure) return { ...base, findings: withGrantNeeded(base.findings, end.failure), remaining: withGrantNeeded(base.remaining, end.failure), outcome: 'failed', failure: end.failure };
    return { ...base, outcome: 'failed', failure: { code: 'not-converging', retryable: false, message: 'Fixable drift remains but no write can repair it.' } };
  }
  if (verdict.state === 'compliant') return { ...base, outcome: repaired ? 'remediated' : 'compliant' };
  // Drift no write may repair: audit/exempt, or report-only findings beside what the pass fixed.
  if (verdict.mode === 'enforce' && repaired && !verdict.findings.some((finding) => finding.fixable)) return { ...base, outcome: 'remediated' };
  return { ...base, outcome: 'audit-only' };
}

/**
 * A write refused for a missing join/peer grant (LinkedAuthorizationFailed): each finding that write would have
 * repaired says what to grant where, so the finding itself (in /api/compliance and on the card) is actionable.
 */
function withGrantNeeded(findings: readonly Finding[], failure: ReconcileFailure): readonly Finding[] {
  const { grant, findingCodes } = failure;
  if (grant === undefined) return findings;
  return findings.map((finding) =>
    finding.fixable && (findingCodes === undefined || findingCodes.includes(finding.code)) ? { ...finding, message: `${finding.message} Not repaired: ${grant.sentence}.` } : finding,
  );
}
