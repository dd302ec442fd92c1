import type { JsonObject } from './armJson';
import { failureFromError, isPreconditionFailed, type ReconcileFailure } from './armFailure';
import { evaluate } from './evaluate';
import { etagFamilyOf, independentWrites, plan } from './plan';
import type { DriftPolicy, Finding, GuardMode, ObservedSubnet } from './types';
import { verify } from './verify';
import { exclusionOf, selectGuardedSubnets } from './guardedSubnets';
import { sameArmId } from './armId';
import type { Write } from './writes';
import type { AssociationOffer, CombinedAssociation, OfferBoard, WriteLanes } from './writeLanes';
import { combineAssociations, subnetIn } from './combineAssociations';
import { routeTableUseOf, type RouteTableUse } from './routeTableTarget';

/** What reconcileSubnet needs from ARM (implemented by shared/azure/network). */
export interface DriftNetworkPort {
  /** A fresh read of everything about the subnet; undefined when the subnet no longer exists. */
  observeSubnet(subnetId: string): Promise<{ observed: ObservedSubnet | undefined; armReads: number }>;
  /** Sends one write (If-Match/If-None-Match from the write) and awaits its LRO; returns the resource as ARM returns it after. */
  apply(write: Write): Promise<JsonObject | undefined>;
}

export interface ReconcileDeps {
  readonly network: DriftNetworkPort;
  readonly policy: DriftPolicy;
  /**
   * Writes still allowed by CHANGE_BUDGET_PER_HOUR (see changeBudget), asked once and only when a write is due (a
   * compliant subnet costs no ledger read); undefined = unlimited. A rejection propagates: it is the caller's
   * store failing, not ARM.
   */
  readonly writeBudget?: () => Promise<number>;
  /** Queues this process's writes to one etag family (see WriteLanes); without it, concurrent writers meet as 412s. */
  readonly writeLanes?: WriteLanes;
  /** 412 answers tolerated before giving up (each one costs a re-read). */
  readonly maxConflicts?: number;
  /** Observe/plan/apply rounds before declaring that the subnet does not converge. */
  readonly maxRounds?: number;
  /**
   * Wait before re-reading after the n-th 412. Sibling subnets share their VNet's etag, so reconciles of several
   * subnets of one VNet collide; a jittered back-off spreads them out instead of re-colliding. Default: up to 150 ms x n.
   */
  readonly conflictBackoff?: (conflicts: number) => Promise<void>;
}

/** How a round inside the write lanes ended; an empty object: every write went through. */
interface RoundEnd {
  readonly failure?: ReconcileFailure;
  readonly conflict?: boolean;
  readonly gone?: boolean;
}

const noOffers: OfferBoard = { take: () => [] };
const unqueued: WriteLanes = {
  hold: (_families, work) => work(false, noOffers),
  holdOrHandOver: async (_families, _offer, work) => ({ held: await work(false, noOffers) }),
};

const jitteredBackoff = (conflicts: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.floor(Math.random() * 150 * conflicts)));

/**
 * - compliant: nothing was wrong.
 * - remediated: writes were applied and no fixable drift is left.
 * - audit-only: drift remains that the app did not change: audit/exempt mode, report-only findings (e.g. a
 *   cluster's outbound type), or the change budget is used up (then `failure.code` says so).
 * - failed: an ARM error or non-convergence; `failure` says why and whether a retry may help.
 * - not-guarded: the subnet is not an AKS subnet (or may never be guarded); nothing was evaluated or written.
 */
export type ReconcileOutcome = 'compliant' | 'remediated' | 'audit-only' | 'failed' | 'not-guarded';

export interface AppliedWrite {
  readonly write: Write;
  readonly before: JsonObject | undefined;
  readonly after: JsonObject | undefined;
  /** The subnet PUT went out inside one VNet PUT with sibling subnets' (sent by `combined.sentBy`). */
  readonly combined?: CombinedAssociation;
}

export interface ReconcileResult {
  readonly subnetId: string;
  readonly outcome: ReconcileOutcome;
  /** undefined when the subnet was gone at first read. */
  readonly mode: GuardMode | undefined;
  /** The subnet no longer exists: nothing to guard. */
  readonly subnetGone: boolean;
  /** Findings at the first observation (what was wrong). */
  readonly findings: readonly Finding[];
  /** Findings at the last observation (what is still wrong). */
  readonly remaining: readonly Finding[];
  readonly applied: readonly AppliedWrite[];
  readonly failure?: ReconcileFailure;
  /** The route table the subnet uses at the last observation (undefined: none or gone). */
  readonly routeTable?: RouteTableUse;
  readonly counters: { readonly armReads: number; readonly armWrites: number; readonly conflicts: number; readonly rounds: number };
}

const writeActions: Record<Write['kind'], string> = {
  'route-table-create': 'create route table',
  'route-table-update': 'update route table',
  'route-put': 'write route',
  'route-delete': 'delete route',
  'subnet-put': 'write subnet',
  'vnet-put': 'write virtual network',
};

/**
 * Level-triggered: observe -> evaluate -> plan -> apply, repeated until the plan is empty. Every round re-reads,
 * so a 412 (someone changed the resource after our read) costs one round and loses nothing: the next body is
 * built from what they wrote. Writes sharing an etag family wait for the next round (see independentWrites).
 */
export async function reconcileSubnet(subnetId: string, deps: ReconcileDeps): Promise<ReconcileResult> {
  const maxConflicts = deps.maxConflicts ?? 10;
  const maxRounds = deps.maxRounds ?? 12;
  const counters = { armReads: 0, armWrites: 0, conflicts: 0, rounds: 0 };
  const applied: AppliedWrite[] = [];
  let budget: number | undefined;
  let initial: readonly Finding[] = [];
  let latest: ObservedSubnet | undefined;

  const finish = (outcome: ReconcileOutcome, remaining: readonly Finding[], failure?: ReconcileFailure): ReconcileResult => ({
    subnetId,
    outcome,
    mode: latest?.mode.mode,
    subnetGone: latest === undefined,
    findings: initial,
    remaining,
    applied,
    ...(failure === undefined ? {} : { failure }),
    ...(latest === undefined || routeTableUseOf(latest) === undefined ? {} : { routeTable: routeTableUseOf(latest)! }),
    counters: { ...counters },
  });

  const observe = async (): Promise<ObservedSubnet | undefined> => {
    const { observed, armReads } = await deps.network.observeSubnet(subnetId);
    counters.armReads += armReads;
    return observed;
  };

  /**
   * Our subnet PUT plus the ones siblings offered, as one VNet PUT built from the VNet as we last read it. False when
   * fewer than two can go, or when ARM refused the VNet PUT for any reason but a 412: then our own subnet PUT goes
   * out as planned, and each sibling's error stays its own. A 412 (the VNet changed since our read) is thrown: our
   * own PUT carries the same etag. Offers not settled here go back unsent when the lanes are let go.
   */
  const applyCombined = async (write: Extract<Write, { kind: 'subnet-put' }>, observed: ObservedSubnet, offers: OfferBoard): Promise<boolean> => {
    const taken = offers.take(etagFamilyOf(write));
    if (taken.length === 0) return false;
    const own: AssociationOffer = { subnetId, write };
    const combined = combineAssociations(observed.vnet, [own, ...taken.map((entry) => entry.offer)]);
    if (combined === undefined || !combined.accepted.includes(own)) return false;
    let vnetAfter: JsonObject | undefined;
    try {
      vnetAfter = await deps.network.apply(combined.write);
    } catch (error) {
      if (isPreconditionFailed(error)) throw error;
      return false;
    }
    counters.armWrites += 1;
    const result = (offer: AssociationOffer): CombinedAssociation => ({
      vnetId: combined.write.resourceId,
      subnets: combined.accepted.length,
      sentBy: subnetId,
      before: offer.write.before,
      after: subnetIn(vnetAfter, offer.subnetId),
    });
    for (const entry of taken) if (combined.accepted.includes(entry.offer)) entry.settle(result(entry.offer));
    applied.push({ write, before: write.before, after: subnetIn(vnetAfter, subnetId), combined: result(own) });
    return true;
  };

  try {
    latest = await observe();
  } catch (error) {
    return finish('failed', [], failureFromError(error, { action: 'read', resourceId: subnetId }));
  }
  if (latest === undefined) return finish('compliant', []);
  // Events name whole VNets and route tables: only guarded subnets are ever evaluated, let alone written.
  const exclusion = exclusionOf(latest.subnet);
  if (exclusion !== undefined) {
    initial = [{ code: 'subnet-excluded', rule: 'selection', severity: 'info', message: `Subnet ${latest.subnet.name} is never guarded: ${exclusion}.`, subnetId, fixable: false }];
    return finish('not-guarded', initial);
  }
  const guarded = selectGuardedSubnets([latest.vnet], latest.clusters, deps.policy).some((candidate) => sameArmId(candidate.subnetId, latest?.subnet.id));
  if (!guarded) return finish('not-guarded', []);
  initial = evaluate(latest, deps.policy);

  for (;;) {
    const findings = evaluate(latest, deps.policy);
    const writes = plan(latest, findings, deps.policy);
    if (writes.length === 0) {
      const { converged } = verify(latest, deps.policy);
      if (findings.length === 0) return finish(applied.length > 0 ? 'remediated' : 'compliant', findings);
      if (latest.mode.mode !== 'enforce') return finish('audit-only', findings);
      if (!converged) {
        return finish('failed', findings, { code: 'not-converging', retryable: false, message: 'Fixable drift remains but no write can repair it.' });
      }
      return finish(applied.length > 0 ? 'remediated' : 'audit-only', findings);
    }
    if (counters.rounds >= maxRounds) {
      return finish('failed', findings, {
        code: 'not-converging',
        retryable: true,
        message: `Still drifting after ${maxRounds} rounds of writes: something keeps changing the subnet back.`,
      });
    }
    const batch = independentWrites(writes);
    budget ??= deps.writeBudget ? await deps.writeBudget() : Number.POSITIVE_INFINITY;
    const writesLeft = budget - counters.armWrites;
    if (batch.length > writesLeft) {
      return finish('audit-only', findings, {
        code: 'change-budget-exhausted',
        retryable: true,
        message: `CHANGE_BUDGET_PER_HOUR allows ${writesLeft} more write(s) now; ${batch.length} needed. Nothing was written.`,
      });
    }
    counters.rounds += 1;
    const families = batch.map(etagFamilyOf);
    const lanes = deps.writeLanes ?? unqueued;
    const work = async (waited: boolean, offers: OfferBoard): Promise<RoundEnd> => {
      let toApply = batch;
      if (waited) {
        // Another reconcile in this process just wrote these families: our etags are stale, so read again first.
        try {
          latest = await observe();
        } catch (error) {
          return { failure: failureFromError(error, { action: 'read', resourceId: subnetId }) };
        }
        if (latest === undefined) return { gone: true };
        const fresh = plan(latest, evaluate(latest, deps.policy), deps.policy);
        toApply = independentWrites(fresh).filter((write) => families.includes(etagFamilyOf(write)));
      }
      for (const write of toApply) {
        try {
          if (write.kind === 'subnet-put' && latest !== undefined && (await applyCombined(write, latest, offers))) continue;
          const after = await deps.network.apply(write);
          counters.armWrites += 1;
          applied.push({ write, before: 'before' in write ? write.before : undefined, after });
        } catch (error) {
          const failure = failureFromError(error, { action: writeActions[write.kind], resourceId: write.resourceId });
          if (!isPreconditionFailed(error)) return { failure };
          counters.conflicts += 1;
          if (counters.conflicts > maxConflicts) return { failure };
          return { conflict: true };
        }
      }
      return {};
    };
    // A subnet PUT waits as an offer: a sibling holding the VNet's lane may send it in its own VNet PUT.
    const offered = batch.find((write): write is Extract<Write, { kind: 'subnet-put' }> => write.kind === 'subnet-put');
    const outcome = offered ? await lanes.holdOrHandOver(families, { subnetId, write: offered }, work) : { held: await lanes.hold(families, work) };
    let round: RoundEnd = {};
    if ('handedOver' in outcome) {
      applied.push({ write: offered!, before: outcome.handedOver.before, after: outcome.handedOver.after, combined: outcome.handedOver });
    } else {
      round = outcome.held;
    }
    if (round.gone) return finish('compliant', []);
    if (round.failure) return finish('failed', findings, round.failure);
    // Outside the lanes: a back-off must not hold up this process's other writers.
    if (round.conflict) await (deps.conflictBackoff ?? jitteredBackoff)(counters.conflicts);
    try {
      const next = await observe();
      if (next === undefined) {
        latest = undefined;
        return finish('compliant', []);
      }
      latest = next;
    } catch (error) {
      return finish('failed', findings, failureFromError(error, { action: 'read', resourceId: subnetId }));
    }
  }
}
