import { createHash } from 'node:crypto';
import { parseArmId } from '../../shared/core/drift/armId';
import { reconcileSubnet, type ReconcileResult } from '../../shared/core/drift/reconcileSubnet';
import type { AppServices } from '../../shared/runtime/appServices';
import type { ChangeBudget } from '../../shared/core/drift/changeBudget';
import type { DriftCardModel } from '../../shared/core/cards/driftCard';
import { describeChange } from './describeChange';
import { buildBudgetTripCard } from '../../shared/core/cards/budgetTripCard';
import type { DriftPassSummary, SubnetReconcileInput } from './types';

/** Thrown for failures a retry may fix (throttling, 5xx, a busy resource): Durable retries the activity. */
export class TransientReconcileError extends Error {
  override readonly name = 'TransientReconcileError';
}

/**
 * One reconcile pass of one subnet (the only impure step of the orchestration): observe -> evaluate -> plan ->
 * apply -> verify via reconcileSubnet, within the change budget, then record the result for GET /api/compliance
 * and decide whether Teams should hear about it.
 */
export async function runReconcilePass(input: SubnetReconcileInput, services: AppServices, now: () => Date = () => new Date()): Promise<DriftPassSummary> {
  // The ledger is read only when a write is due: a compliant subnet costs no table query.
  let budget: ChangeBudget | undefined;
  const result = await reconcileSubnet(input.subnetId, {
    network: services.network,
    policy: services.settings,
    writeLanes: services.writeLanes,
    writeBudget: async () => (budget = await services.writeLedger.budget(now())).remaining,
  });
  // A subnet PUT a sibling sent inside its VNet PUT is that sibling's write: the ledger counts each ARM write once.
  await services.writeLedger.record(
    result.applied.filter(({ combined }) => combined === undefined || combined.sentBy === result.subnetId).map(({ write }) => write),
    now(),
  );
  if (result.outcome === 'failed' && result.failure?.retryable) {
    throw new TransientReconcileError(result.failure.message);
  }
  const summary = summarize(result);
  if (summary.outcome === 'gone' || summary.outcome === 'not-guarded') return summary;
  if (result.failure?.code === 'change-budget-exhausted' && budget && (await services.writeLedger.claimTripNotice(budget.nextReleaseAt))) {
    // Said once per exhaustion, whichever subnet hit it first; each subnet's own card still says what it would fix.
    await services.teams.post(
      buildBudgetTripCard({
        budgetPerHour: services.settings.changeBudgetPerHour,
        subnetName: input.subnetId.split('/').pop() ?? input.subnetId,
        writesNeeded: result.failure.message,
        ...(budget.nextReleaseAt ? { resumesAt: budget.nextReleaseAt.toISOString() } : {}),
      }),
      { summary: 'change budget exhausted: switched to audit' },
    );
    console.warn(`CHANGE_BUDGET_PER_HOUR (${services.settings.changeBudgetPerHour}) exhausted: the guard is in audit until ${budget.nextReleaseAt?.toISOString() ?? 'the budget frees up'}`);
  }

  const id = parseArmId(input.subnetId);
  const vnetName = id.segments[0]?.[1] ?? '';
  const subnetName = id.segments[1]?.[1] ?? '';
  const previous = await services.compliance.get(input.subnetId, id.subscriptionId);
  await services.compliance.upsert({
    subnetId: input.subnetId,
    subscriptionId: id.subscriptionId,
    vnetName,
    subnetName,
    state: summary.outcome === 'remediated' && summary.remaining.length === 0 ? 'compliant' : summary.outcome,
    mode: summary.mode,
    findings: summary.remaining,
    lastWrites: summary.writes,
    updatedAt: now().toISOString(),
    ...(summary.failure ? { failure: summary.failure.message } : {}),
    ...(summary.routeTable ? { routeTable: summary.routeTable } : {}),
  });

  const fingerprint = fingerprintOf(summary);
  const worthTelling = summary.writes.length > 0 || summary.outcome === 'failed' || (summary.outcome === 'audit-only' && summary.remaining.length > 0);
  if (!worthTelling || previous?.lastNotifiedFingerprint === fingerprint) return summary;
  const card: DriftCardModel = {
    subnetId: input.subnetId,
    subnetName,
    vnetName,
    mode: summary.mode === 'enforce' ? 'enforce' : 'audit',
    outcome: summary.outcome === 'audit-only' ? 'would-remediate' : summary.outcome,
    findings: summary.findings.map((finding) => ({ ...finding, severity: finding.severity === 'error' ? 'high' : finding.severity === 'warning' ? 'medium' : 'info' })),
    changes: result.applied.map(describeChange),
    dnsChanged: result.applied.some(({ write }) => write.kind === 'vnet-put'),
    ...(summary.failure ? { failureReason: summary.failure.message } : {}),
  };
  return { ...summary, notification: { card, fingerprint, subscriptionId: id.subscriptionId } };
}

function summarize(result: ReconcileResult): DriftPassSummary {
  const finding = ({ code, severity, message }: { code: string; severity: string; message: string }) => ({ code, severity, message });
  const outcome = result.subnetGone ? 'gone' : result.outcome;
  return {
    subnetId: result.subnetId,
    outcome,
    mode: result.mode,
    findings: result.findings.map(finding),
    remaining: result.remaining.map(finding),
    writes: result.applied.map(({ write }) => ({ kind: write.kind, resourceId: write.resourceId, reason: write.reason })),
    counters: { armReads: result.counters.armReads, armWrites: result.counters.armWrites, conflicts: result.counters.conflicts },
    ...(result.failure ? { failure: { code: result.failure.code, message: result.failure.message, retryable: result.failure.retryable } } : {}),
    ...(result.routeTable ? { routeTable: result.routeTable } : {}),
  };
}

/** Same outcome, same findings, same writes: Teams already heard it. */
function fingerprintOf(summary: DriftPassSummary): string {
  const basis = JSON.stringify([summary.outcome, summary.remaining.map((finding) => finding.code).sort(), summary.writes.map((write) => `${write.kind} ${write.resourceId.toLowerCase()}`)]);
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}
