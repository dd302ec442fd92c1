import { app, type InvocationContext, type Timer } from '@azure/functions';
import type { Settings } from '../../shared/config/settings';
import { appServices } from '../../shared/runtime/appServices';
import { runEgressReport } from '../../shared/runtime/egressReport';
import { egressReportDisabledReason, egressReportPorts } from '../../shared/runtime/egressReportPorts';
import { contextLogger } from './egressReportHttp';

export const egressReportTimerFunctionName = 'egressReportTimer';

/**
 * The scheduled report (REPORT_SCHEDULE). A failed Teams delivery is recorded in the state first and then thrown,
 * so the invocation shows as failed in the host's logs and Application Insights; the next run covers the window.
 */
export async function handleEgressReportTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = appServices();
  const disabled = egressReportDisabledReason(services.settings);
  if (disabled) {
    context.warn(disabled);
    return;
  }
  const run = await runEgressReport(egressReportPorts(services, contextLogger(context)));
  // Queued in the Teams outbox: handed over (the outbox retries it), not a failure of this run.
  if (!run.delivery.delivered && !run.delivery.queuedAs && run.delivery.reason !== 'not-configured') {
    throw new Error(
      `Egress report ${run.window.from} to ${run.window.to} was not delivered to Teams (${run.delivery.reason}: ${run.delivery.error ?? 'no detail'}); the next run covers this window again`,
    );
  }
}

export function registerEgressReportTimer(settings: Settings): void {
  app.timer(egressReportTimerFunctionName, { schedule: settings.reportSchedule, handler: handleEgressReportTimer });
}
