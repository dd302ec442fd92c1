import { createHash } from 'node:crypto';
import { parseArmId } from '../../shared/azure/arm/armId';
import { reconcileVnet, type SubnetResult, type VnetPassResult } from '../../shared/core/drift/reconcileVnet';
import { passRetryDelayInMs } from '../../shared/core/drift/retryBudget';
import type { AppServices } from '../../shared/runtime/appServices';
import type { ChangeBudget } from '../../shared/core/drift/changeBudget';
import type { DriftCardModel } from '../../shared/core/cards/driftCard';
import type { SubnetCompliance } from '../../shared/azure/tables/complianceStore';
import { changesDns, describeChange } from './describeChange';
import { buildBudgetTripCard } from '../../shared/core/cards/budgetTripCard';
import type { DriftNotification, SubnetPassSummary, VnetPassRequest, VnetPassSummary } from './types';
import { describeActor, describeWho } from '../../shared/core/events/resourceEvent';
import { fightVerdict, repairKeyOf } from '../../shared/core/drift/fight';
import type { Write } from '../../shared/core/drift/writes';

/**
 * One reconcile pass of one VNet (the only impure step of the orchestration): reconcileVnet within the change
 * budget, then, per guarded subnet, the record for GET /api/compliance and whether Teams should hear about it.
 * ARM refusals come back as data: a retryable one returns `retry` (the orchestration waits and runs the pass again)
 * unless it is the final attempt, in which case the subnets are recorded `failed` with the reason and told.
 */
export async function runReconcilePass(input: VnetPassRequest, services: AppServices, now: () => Date = () => new Date()): Promise<VnetPassSummary> {
  // The ledger is read only when a write is due: a compliant VNet costs no table query.
  let budget: ChangeBudget | undefined;
  const lastActor = input.changedBy?.at(-1);
  const brokenBy = lastActor ? describeActor(lastActor) : undefined;
  const brokenByWho = lastActor ? describeWho(lastActor) : undefined;
  const result = await reconcileVnet(input.vnetId, {
    network: services.network,
    policy: services.settings,
    writeBudget: async () => (budget = await services.writeLedger.budget(now())).remaining,
    holdBack: (writes) => contestedWrites(services, writes, brokenByWho, now()),
  });
  await services.writeLedger.record(result.applied.map(({ write }) => write), now());
  // Fight detection counts every repair, whoever asked for the pass.
  await Promise.all(
    result.applied.map(({ write }) => services.repairLedger.record(repairKeyOf(write), write.resourceId, { at: now().toISOString(), ...(brokenByWho ? { brokenBy: brokenByWho } : {}) })),
  );
  const counters = { armReads: result.counters.armReads, armWrites: result.counters.armWrites, conflicts: result.counters.conflicts };
  const failure = result.kind === 'retry' ? { code: result.failure.code, message: result.failure.message, retryable: true } : undefined;

  if (result.kind === 'retry' && !input.finalAttempt) {
    // Not compliant until a pass succeeds: the subnets waiting for a repair say so meanwhile.
    await recordAll(services, result.subnets.filter((subnet) => subnet.outcome === 'failed'), now, (subnet) => ({
      state: 'remediating',
      failure: `retrying after: ${subnet.failure?.message ?? result.failure.message}`,
    }));
    return {
      vnetId: input.vnetId,
      kind: 'retry',
      retryInMs: passRetryDelayInMs(input.attempt + 1, result.failure.retryAfterInMs),
      vnetGone: false,
      subnets: result.subnets.map(summarize),
      counters,
      ...(failure ? { failure } : {}),
      notifications: [],
    };
  }

  await tellBudgetTrip(services, result, budget);
  const notifications: DriftNotification[] = [];
  for (const subnet of result.subnets) {
    const notification = await recordSubnet(services, subnet, now, brokenBy);
    if (notification) notifications.push(notification);
  }
  return {
    vnetId: input.vnetId,
    kind: 'done',
    vnetGone: result.kind === 'done' && result.vnetGone,
    subnets: result.subnets.map(summarize),
    counters,
    ...(failure ? { failure } : {}),
    notifications,
  };
}

/** The orchestration's last word when the pass activity itself kept failing: every known subnet of the VNet is `failed`. */
export async function recordVnetFailure(input: { vnetId: string; message: string }, services: AppServices, now: () => Date = () => new Date()): Promise<VnetPassSummary> {
  const prefix = `${input.vnetId.toLowerCase()}/subnets/`;
  const known = (await services.compliance.list()).filter((state) => state.subnetId.toLowerCase().startsWith(prefix));
  const failure = { code: 'reconcile-activity-failed', message: `The reconcile pass kept failing: ${input.message}`, retryable: false };
  const subnets: SubnetPassSummary[] = known.map((state) => ({
    subnetId: state.subnetId,
    outcome: 'failed',
    mode: state.mode,
    findings: state.findings,
    remaining: state.findings,
    writes: [],
    failure,
  }));
  const notifications: DriftNotification[] = [];
  for (const state of known) {
    await services.compliance.upsert({ ...state, state: 'failed', failure: failure.message, updatedAt: now().toISOString() });
    notifications.push({ card: cardOf(state.subnetId, state.mode, 'failed', state.findings, [], false, failure.message), fingerprint: `activity-failed-${now().getTime()}`, subscriptionId: state.subscriptionId });
  }
  return { vnetId: input.vnetId, kind: 'done', vnetGone: false, subnets, counters: { armReads: 0, armWrites: 0, conflicts: 0 }, failure, notifications };
}

/**
 * Writes the guard has already repaired FIGHT_LIMIT times within FIGHT_WINDOW: someone keeps undoing them. The guard
 * stops writing them (until a pass finds them compliant or the window passes) and says who it is fighting with.
 */
async function contestedWrites(services: AppServices, writes: readonly Write[], brokenBy: string | undefined, now: Date): Promise<Map<Write, string>> {
  const { fightLimit, fightWindow } = services.settings;
  const held = new Map<Write, string>();
  for (const write of writes) {
    const records = await services.repairLedger.repairsSince(repairKeyOf(write), new Date(now.getTime() - fightWindow));
    const verdict = fightVerdict(records, fightLimit, fightWindow, now);
    if (!verdict.contested) continue;
    const others = [...new Set([...(brokenBy ? [brokenBy] : []), ...verdict.otherWriters])].slice(0, 3);
    const what = `${write.resourceId.split('/').pop()} (${write.reason})`;
    const writers = others.length > 0 ? others.join('; ') : 'an unknown writer (the events carried no caller)';
    held.set(
      write,
      `Contested: ${writers} keeps undoing the egress guard's repair of ${what}; two writers are fighting (${verdict.repairs} repairs within ${fightWindow / 60_000} min). ` +
        `Fix it at the source: make that writer's configuration (e.g. its Terraform or pipeline) keep 0.0.0.0/0 -> the firewall and the route table association, or exempt the VNet. ` +
        `The guard stops writing it until ${verdict.until ?? 'the window passes'} or a pass finds it compliant.`,
    );
  }
  return held;
}

function namesOf(subnetId: string): { subscriptionId: string; vnetName: string; subnetName: string } {
  const id = parseArmId(subnetId);
  return { subscriptionId: id.subscriptionId, vnetName: id.segments[0]?.[1] ?? '', subnetName: id.segments[1]?.[1] ?? '' };
}

async function recordAll(services: AppServices, subnets: readonly SubnetResult[], now: () => Date, fields: (subnet: SubnetResult) => Partial<SubnetCompliance>): Promise<void> {
  for (const subnet of subnets) {
    const { subscriptionId, vnetName, subnetName } = namesOf(subnet.subnetId);
    const previous = await services.compliance.get(subnet.subnetId, subscriptionId);
    await services.compliance.upsert({
      subnetId: subnet.subnetId,
      subscriptionId,
      vnetName,
      subnetName,
      state: 'remediating',
      mode: subnet.mode,
      findings: subnet.remaining.map(({ code, severity, message }) => ({ code, severity, message })),
      lastWrites: previous?.lastWrites ?? [],
      updatedAt: now().toISOString(),
      ...fields(subnet),
    });
  }
}

/** Writes the subnet's record; returns the notification Teams should get, if any. */
async function recordSubnet(services: AppServices, subnet: SubnetResult, now: () => Date, brokenBy: string | undefined): Promise<DriftNotification | undefined> {
  const drifted = subnet.findings.length > 0;
  const summary = { ...summarize(subnet), ...(drifted && brokenBy ? { changedBy: brokenBy } : {}) };
  const { subscriptionId, vnetName, subnetName } = namesOf(subnet.subnetId);
  const previous = await services.compliance.get(subnet.subnetId, subscriptionId);
  const state = summary.outcome === 'remediated' && summary.remaining.length === 0 ? 'compliant' : summary.outcome;
  const quietAndClean = summary.writes.length === 0 && summary.remaining.length === 0;
  await services.compliance.upsert({
    subnetId: subnet.subnetId,
    subscriptionId,
    vnetName,
    subnetName,
    state,
    mode: summary.mode,
    findings: summary.remaining,
    // A pass that wrote nothing keeps the last repair on record instead of overwriting it with [].
    lastWrites: summary.writes.length > 0 ? summary.writes : (previous?.lastWrites ?? []),
    updatedAt: now().toISOString(),
    ...(summary.failure ? { failure: summary.failure.message } : {}),
    ...(summary.routeTable ? { routeTable: summary.routeTable } : {}),
    ...(summary.changedBy ? { changedBy: summary.changedBy } : {}),
    // Drift is over: the same drift happening again is a new occurrence and is told again.
    ...(quietAndClean ? { lastNotifiedFingerprint: '' } : {}),
  });

  const fingerprint = fingerprintOf(summary);
  const worthTelling = summary.writes.length > 0 || summary.outcome === 'failed' || summary.outcome === 'contested' || (summary.outcome === 'audit-only' && summary.remaining.length > 0);
  if (!worthTelling) return undefined;
  // Every repair is its own occurrence; only repeated reports of the same standing drift are coalesced.
  if (summary.writes.length === 0 && previous?.lastNotifiedFingerprint === fingerprint) return undefined;
  const changes = subnet.applied.flatMap((applied) => describeChange(applied, subnet.subnetId));
  const card = { ...cardOf(subnet.subnetId, summary.mode, summary.outcome, summary.findings, changes, subnet.applied.some(changesDns), summary.failure?.message), ...(summary.changedBy ? { changedBy: summary.changedBy } : {}) };
  void vnetName;
  void subnetName;
  return { card, fingerprint, subscriptionId };
}

function cardOf(
  subnetId: string,
  mode: string | undefined,
  outcome: string,
  findings: ReadonlyArray<{ code: string; severity: string; message: string }>,
  changes: DriftCardModel['changes'],
  dnsChanged: boolean,
  failureReason: string | undefined,
): DriftCardModel {
  const { vnetName, subnetName } = namesOf(subnetId);
  return {
    subnetId,
    subnetName,
    vnetName,
    mode: mode === 'enforce' ? 'enforce' : 'audit',
    outcome: outcome === 'audit-only' ? 'would-remediate' : outcome,
    findings: findings.map((finding) => ({ ...finding, severity: finding.severity === 'error' ? 'high' : finding.severity === 'warning' ? 'medium' : 'info' })),
    changes,
    dnsChanged,
    ...(failureReason ? { failureReason } : {}),
  };
}

async function tellBudgetTrip(services: AppServices, result: VnetPassResult, budget: ChangeBudget | undefined): Promise<void> {
  const tripped = result.subnets.find((subnet) => subnet.failure?.code === 'change-budget-exhausted');
  if (tripped === undefined || budget === undefined || !(await services.writeLedger.claimTripNotice(budget.nextReleaseAt))) return;
  // Said once per exhaustion, whichever VNet hit it first; each subnet's own card still says what it would fix.
  await services.teams.post(
    buildBudgetTripCard({
      budgetPerHour: services.settings.changeBudgetPerHour,
      subnetName: tripped.subnetId.split('/').pop() ?? tripped.subnetId,
      writesNeeded: tripped.failure!.message,
      ...(budget.nextReleaseAt ? { resumesAt: budget.nextReleaseAt.toISOString() } : {}),
    }),
    { summary: 'change budget exhausted: switched to audit' },
  );
  console.warn(`CHANGE_BUDGET_PER_HOUR (${services.settings.changeBudgetPerHour}) exhausted: the guard is in audit until ${budget.nextReleaseAt?.toISOString() ?? 'the budget frees up'}`);
}

function summarize(result: SubnetResult): SubnetPassSummary {
  const finding = ({ code, severity, message }: { code: string; severity: string; message: string }) => ({ code, severity, message });
  return {
    subnetId: result.subnetId,
    outcome: result.outcome,
    mode: result.mode,
    findings: result.findings.map(finding),
    remaining: result.remaining.map(finding),
    writes: result.applied.map(({ write }) => ({ kind: write.kind, resourceId: write.resourceId, reason: write.reason })),
    ...(result.failure ? { failure: { code: result.failure.code, message: result.failure.message, retryable: result.failure.retryable } } : {}),
    ...(result.routeTable ? { routeTable: result.routeTable } : {}),
  };
}

/** Same outcome, same findings, same writes: Teams already heard it. */
function fingerprintOf(summary: SubnetPassSummary): string {
  const basis = JSON.stringify([summary.outcome, summary.remaining.map((finding) => finding.code).sort(), summary.writes.map((write) => `${write.kind} ${write.resourceId.toLowerCase()}`)]);
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}
