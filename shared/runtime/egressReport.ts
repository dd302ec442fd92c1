import { buildReportCard, payloadSizeInBytes } from '../core/cards';
import { buildEgressReport, type EgressReport, type SnatHour, type TimeWindow, type TopFlowHit } from '../core/report/egressReport';
import { toReportCardModel } from '../core/report/toReportCardModel';
import { computeReportWindow } from '../core/report/window';
import type { FirewallLogs, ReportLogModeSetting } from '../azure/logs/firewallLogs';
import type { SnatMetrics } from '../azure/metrics/snatMetrics';
import type { ReportDeliveryOutcome, ReportState } from '../azure/tables/reportState';
import type { ReportStateStore } from '../azure/tables/reportStateStore';
import type { PosterLogger, TeamsPoster } from '../azure/teams';
import { busiestHourOf, planQueries } from './egressReportPlan';
import type { EgressReportScope } from './egressReportScope';

export { busiestHourOf, planQueries } from './egressReportPlan';

/** Everything a report run touches, injected so the sequencing is testable without Azure. */
export interface EgressReportRunDeps {
  readonly settings: {
    readonly reportLogMode: ReportLogModeSetting;
    readonly reportMaxWindowDays: number;
    readonly snatThresholdPercent: number;
    readonly firewallResourceIds: readonly string[];
    readonly publicBaseUrl: string;
  };
  readonly logs: Pick<FirewallLogs, 'getWorkspaceInventory' | 'queryDeniedApplicationTraffic' | 'queryDeniedNetworkTraffic' | 'querySnatUtilization' | 'queryTopFlows'>;
  /** Undefined when METRICS_ENDPOINT is unset: without AzureMetrics rows the report then has no SNAT section. */
  readonly snatMetrics: Pick<SnatMetrics, 'querySnatHours'> | undefined;
  readonly readScope: () => Promise<EgressReportScope>;
  readonly state: Pick<ReportStateStore, 'get' | 'save'>;
  readonly teams: TeamsPoster;
  readonly now: () => Date;
  readonly log: PosterLogger;
}

export interface EgressReportRequest {
  /** An explicit window (HTTP from/to): reported and posted, but the schedule's state does not move. */
  readonly window?: TimeWindow;
}

export type SnatSource = 'workspace' | 'metrics-api' | 'unavailable';

export interface EgressReportRun {
  readonly kind: 'scheduled' | 'explicit';
  readonly window: { readonly from: string; readonly to: string };
  readonly snatSource: SnatSource;
  readonly report: EgressReport;
  readonly cardBytes: number;
  readonly delivery: ReportDeliveryOutcome;
  /** True when lastWindowEnd and the FQDN set moved to this report. */
  readonly stateAdvanced: boolean;
  readonly state: { readonly lastWindowEnd?: string; readonly consecutiveFailures: number; readonly knownDeniedFqdns: number; readonly lastRun?: ReportState['lastRun'] };
}

/**
 * One egress report: window (since the last delivered report, capped), logs and ARM state, report, card, Teams,
 * state. A delivery that fails is recorded and returned, never thrown away: the window does not advance, so the
 * next run covers it again. "Not configured" (no TEAMS_WEBHOOK_URL) advances: there is nothing to retry.
 */
export async function runEgressReport(ports: EgressReportRunDeps, request: EgressReportRequest = {}): Promise<EgressReportRun> {
  const { settings, log } = ports;
  const now = ports.now();
  const previous = await ports.state.get();
  const kind = request.window ? 'explicit' : 'scheduled';
  const window =
    request.window ??
    computeReportWindow({
      now,
      lastSuccessfulReportAt: previous.lastWindowEnd ? new Date(previous.lastWindowEnd) : undefined,
      maxWindowDays: settings.reportMaxWindowDays,
    });

  // Read once: which tables exist decides which queries run (a query naming an absent table fails with 400), and
  // each missing table degrades one section with a warning instead of failing the report.
  const inventory = await ports.logs.getWorkspaceInventory(window);
  const logMode = settings.reportLogMode === 'auto' ? inventory.mode : settings.reportLogMode;
  const plan = planQueries(inventory, logMode, ports.snatMetrics !== undefined);
  const [application, network, snat, scope] = await Promise.all([
    plan.application ? ports.logs.queryDeniedApplicationTraffic(window, logMode) : [],
    plan.network ? ports.logs.queryDeniedNetworkTraffic(window, logMode, { withNames: plan.networkNames }) : [],
    readSnatHours(ports, window, inventory.hasSnatMetrics),
    ports.readScope(),
  ]);
  const busiestHour = plan.topFlows ? busiestHourOf(snat.hours, window) : undefined;
  const topFlows: readonly TopFlowHit[] = busiestHour ? await ports.logs.queryTopFlows(busiestHour) : [];

  const report = buildEgressReport({
    window,
    logMode,
    deniedApplicationTraffic: application,
    deniedNetworkTraffic: network,
    snatHours: snat.hours,
    firewalls: scope.firewalls,
    subnets: scope.subnets,
    previousDeniedFqdns: previous.deniedFqdns,
    snatThresholdPercent: settings.snatThresholdPercent,
    clusters: scope.clusters,
    ...(busiestHour ? { topFlows: { hour: busiestHour, flows: topFlows } } : {}),
    warnings: plan.warnings,
    firewallLogsFound: inventory.hasFirewallLogs,
  });
  for (const warning of plan.warnings) log.warn(`Egress report: ${warning.message}`);
  const card = buildReportCard(toReportCardModel(report, { publicBaseUrl: settings.publicBaseUrl }));
  const summary = `egress report ${report.window.from} to ${report.window.to}`;
  const posted = await ports.teams.post(card, { summary });
  const delivery: ReportDeliveryOutcome = {
    delivered: posted.delivered,
    attempts: posted.attempts,
    ...(posted.reason ? { reason: posted.reason } : {}),
    ...(posted.status !== undefined ? { status: posted.status } : {}),
    ...(posted.error ? { error: posted.error } : {}),
    ...(posted.queued ? { queuedAs: posted.queued.id } : {}),
  };
  // Queued in the Teams outbox counts as handed over: the outbox delivers it, so the next run must not repeat it.
  const succeeded = posted.delivered || posted.queued !== undefined || posted.reason === 'not-configured';
  const advance = kind === 'scheduled' && succeeded;
  const next: ReportState = {
    lastWindowEnd: advance ? report.window.to : previous.lastWindowEnd,
    // Kept most-denied first, so that if the set ever has to be cut for storage the rarest go.
    deniedFqdns: advance ? report.deniedFqdns.flatMap((entry) => (entry.fqdn === '' ? [] : [entry.fqdn])) : previous.deniedFqdns,
    consecutiveFailures: kind === 'explicit' ? previous.consecutiveFailures : succeeded ? 0 : previous.consecutiveFailures + 1,
    lastRun: { at: now.toISOString(), window: report.window, kind, delivery },
  };
  await ports.state.save(next);

  const figures = `${report.headline.deniedApplicationHits + report.headline.deniedNetworkHits} denied, ${report.headline.deniedFqdnCount} FQDN(s) (${report.headline.newDeniedFqdnCount} new), SNAT ${snat.source}`;
  if (succeeded) log.info(`Egress report ${kind} ${report.window.from} to ${report.window.to}: ${figures}; Teams ${posted.delivered ? 'delivered' : posted.queued ? `queued in the Teams outbox (${posted.queued.id})` : 'not configured'}`);
  else {
    log.error(
      `Egress report ${kind} ${report.window.from} to ${report.window.to}: Teams delivery FAILED (${delivery.reason}${delivery.status ? `, HTTP ${delivery.status}` : ''}: ${delivery.error ?? 'no detail'}); ${kind === 'scheduled' ? `window not advanced, the next run covers it again (${next.consecutiveFailures} failure(s) in a row)` : 'explicit window, state unchanged'}`,
    );
  }
  return {
    kind,
    window: report.window,
    snatSource: snat.source,
    report,
    cardBytes: payloadSizeInBytes(card),
    delivery,
    stateAdvanced: advance,
    state: {
      ...(next.lastWindowEnd ? { lastWindowEnd: next.lastWindowEnd } : {}),
      consecutiveFailures: next.consecutiveFailures,
      knownDeniedFqdns: next.deniedFqdns.length,
      ...(next.lastRun ? { lastRun: next.lastRun } : {}),
    },
  };
}

/** SNAT from AzureMetrics when the workspace has it, else from the metrics API when configured. */
async function readSnatHours(ports: EgressReportRunDeps, window: TimeWindow, inWorkspace: boolean): Promise<{ hours: readonly SnatHour[]; source: SnatSource }> {
  if (inWorkspace) return { hours: await ports.logs.querySnatUtilization(window), source: 'workspace' };
  if (ports.snatMetrics) return { hours: await ports.snatMetrics.querySnatHours(window, ports.settings.firewallResourceIds), source: 'metrics-api' };
  return { hours: [], source: 'unavailable' };
}
