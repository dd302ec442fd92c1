import type { FirewallLogMode, WorkspaceInventory } from '../azure/logs/firewallLogs';
import type { ReportWarning, SnatHour, TimeWindow } from '../core/report/egressReport';

export interface QueryPlan {
  readonly application: boolean;
  readonly network: boolean;
  /** Join the DNS proxy log (resource-specific mode only; the legacy query reads one table either way). */
  readonly networkNames: boolean;
  readonly topFlows: boolean;
  readonly warnings: ReportWarning[];
}

/**
 * The queries whose tables exist, and a warning for each missing table that costs the report a section. Pure, so
 * the decision is tested on its own.
 */
export function planQueries(inventory: WorkspaceInventory, logMode: FirewallLogMode, metricsApiConfigured: boolean): QueryPlan {
  const missing = new Set(inventory.missingTables);
  const warnings: ReportWarning[] = [];
  if (!inventory.hasFirewallLogs) {
    warnings.push({
      code: 'no-firewall-logs',
      message: 'No Azure Firewall logs in this workspace (no AZFWApplicationRule or AZFWNetworkRule table, no firewall AzureDiagnostics rows): check the firewall\'s diagnostic setting.',
    });
  }
  const resourceSpecific = logMode === 'resource-specific';
  const application = resourceSpecific ? !missing.has('AZFWApplicationRule') : !missing.has('AzureDiagnostics');
  const network = resourceSpecific ? !missing.has('AZFWNetworkRule') : !missing.has('AzureDiagnostics');
  if (inventory.hasFirewallLogs && resourceSpecific) {
    if (!application) warnings.push({ code: 'application-log-missing', message: 'Application rule log not in the workspace (no AZFWApplicationRule table): no denied FQDNs are shown.' });
    if (!network) warnings.push({ code: 'network-log-missing', message: 'Network rule log not in the workspace (no AZFWNetworkRule table, e.g. no network flow denied yet): no denied network flows are shown.' });
    if (missing.has('AZFWDnsQuery')) warnings.push({ code: 'dns-log-missing', message: 'DNS proxy log not enabled (no AZFWDnsQuery table): network denials without names.' });
  }
  const topFlows = !missing.has('AZFWFatFlow');
  if (!topFlows && inventory.hasFirewallLogs) {
    warnings.push({ code: 'top-flows-log-missing', message: 'Top flows log not enabled (no AZFWFatFlow table): SNAT pressure is not attributed to sources.' });
  }
  if (!inventory.hasSnatMetrics && !metricsApiConfigured) {
    warnings.push({
      code: 'snat-metrics-missing',
      message: 'No SNAT metrics: AzureMetrics has no SNATPortUtilization rows (no metrics diagnostic setting) and METRICS_ENDPOINT is unset.',
    });
  }
  return { application, network, networkNames: !missing.has('AZFWDnsQuery'), topFlows, warnings };
}

/** The hour with the highest SNAT peak of any firewall, within the window; undefined without SNAT data. */
export function busiestHourOf(hours: readonly SnatHour[], window: TimeWindow): TimeWindow | undefined {
  const busiest = hours.reduce<SnatHour | undefined>((best, hour) => (best === undefined || hour.PeakPercent > best.PeakPercent ? hour : best), undefined);
  if (!busiest) return undefined;
  const from = new Date(Math.max(busiest.Hour.getTime(), window.from.getTime()));
  const to = new Date(Math.min(busiest.Hour.getTime() + 3600_000, window.to.getTime()));
  return from.getTime() < to.getTime() ? { from, to } : undefined;
}
