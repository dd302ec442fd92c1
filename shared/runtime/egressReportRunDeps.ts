import { publicBaseUrlOf } from '../config/settings';
import { FirewallLogs } from '../azure/logs/firewallLogs';
import { createSnatMetrics } from '../azure/metrics/createSnatMetrics';
import { ReportStateStore } from '../azure/tables/reportStateStore';
import { tableNames, type AppServices } from './appServices';
import type { EgressReportRunDeps } from './egressReport';
import { readEgressReportScope } from './egressReportScope';

/** Why the report cannot run with these settings, or undefined when it can. */
export function egressReportDisabledReason(settings: AppServices['settings']): string | undefined {
  return settings.logAnalyticsWorkspaceId
    ? undefined
    : 'The egress report is disabled: LOG_ANALYTICS_WORKSPACE_ID is not set (set it to the workspace id receiving the firewall logs).';
}

/** Log Analytics token audiences by query host; anything else (the sandbox) keeps the SDK's public default. */
function logsAudienceFor(logsEndpoint: string): string | undefined {
  const { hostname, origin } = new URL(logsEndpoint);
  return /^api\.loganalytics\.(io|us|azure\.cn)$/i.test(hostname) ? origin : undefined;
}

/**
 * Builds the report's ports from the process's services. SDK modules load here, on the first report, not at start
 * (cold start). Call only when egressReportDisabledReason() is undefined.
 */
export function egressReportRunDeps(services: AppServices, log: EgressReportRunDeps['log']): EgressReportRunDeps {
  const { settings } = services;
  const { LogsQueryClient } = require('@azure/monitor-query-logs') as typeof import('@azure/monitor-query-logs');
  const audience = logsAudienceFor(settings.logsEndpoint);
  const logsClient = new LogsQueryClient(services.credential, { endpoint: settings.logsEndpoint, ...(audience ? { audience } : {}) });
  return {
    settings: {
      reportLogMode: settings.reportLogMode,
      reportMaxWindowDays: settings.reportMaxWindowDays,
      snatThresholdPercent: settings.snatThresholdPercent,
      firewallResourceIds: settings.firewallResourceIds,
      publicBaseUrl: publicBaseUrlOf(settings),
    },
    logs: new FirewallLogs(logsClient, settings.logAnalyticsWorkspaceId ?? '', settings.firewallResourceIds),
    snatMetrics: settings.metricsEndpoint
      ? createSnatMetrics({ metricsEndpoint: settings.metricsEndpoint, armEndpoint: settings.armEndpoint, credential: services.credential })
      : undefined,
    readScope: () => readEgressReportScope(services.arm, settings),
    state: new ReportStateStore(services.table(tableNames.reportState)),
    teams: services.teams,
    now: () => new Date(),
    log,
  };
}
