import { app, type InvocationContext, type Timer } from '@azure/functions';
import type { Settings } from '../../shared/config/settings';
import { egressReportDisabledReason } from '../../shared/runtime/egressReportRunDeps';
import { contextLogger, type EgressReportDeps } from './egressReportHttp';

export const egressReportTimerFunctionName = 'egressReportTimer';

/**
 * The scheduled report (REPORT_SCHEDULE). A failed Teams delivery is recorded in the state first and then thrown,
 * so the invocation shows as failed in the host's logs and Application Insights; the next run covers the window.
 */
export function egressReportTimerHandler(deps: EgressReportDeps) {
  return (_timer: Timer, context: InvocationContext) => runScheduledReport(deps, context);
}

async function runScheduledReport(deps: EgressReportDeps, context: InvocationContext): Promise<void> {
  const disabled = egressReportDisabledReason(deps.settings);
  if (disabled) {
    context.warn(disabled);
    return;
  }
  const run = await deps.runEgressReport(contextLogger(context), {});
  // Queued in the Teams outbox: handed over (the outbox retries it), not a failure of this run.
  if (!run.delivery.delivered && !run.delivery.queuedAs && run.delivery.reason !== 'not-configured') {
    throw new Error(
      `Egress report ${run.window.from} to ${run.window.to} was not delivered to Teams (${run.delivery.reason}: ${run.delivery.error ?? 'no detail'}); the next run covers this window again`,
    );
  }
}

export function registerEgressReportTimer(settings: Settings, deps: EgressReportDeps): void {
  app.timer(egressReportTimerFunctionName, { schedule: settings.reportSchedule, handler: egressReportTimerHandler(deps) });
}
