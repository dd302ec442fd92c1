import type { RowOf } from './columns';
import { firewallQuery } from './firewallQuery';

/**
 * SNAT port utilisation per firewall and hour, from the SNATPortUtilization platform metric exported to the
 * workspace (AzureMetrics, one row per minute with Average/Maximum in percent). Same table in both log modes.
 */
export const snatUtilizationColumns = {
  FirewallId: 'string',
  Hour: 'datetime',
  PeakPercent: 'real',
  AveragePercent: 'real',
  Samples: 'long',
} as const;

export type SnatUtilizationRow = RowOf<typeof snatUtilizationColumns>;

export const snatUtilizationQuery = firewallQuery(
  'snat-utilization',
  snatUtilizationColumns,
  `
AzureMetrics
| where TimeGenerated >= windowStart and TimeGenerated < windowEnd
| where MetricName == "SNATPortUtilization"
| where ResourceId contains "/providers/microsoft.network/azurefirewalls/"
| extend FirewallId = tolower(ResourceId)
| where array_length(firewallIds) == 0 or FirewallId in (firewallIds)
| summarize PeakPercent = max(Maximum), AveragePercent = avg(Average), Samples = count()
    by FirewallId, Hour = bin(TimeGenerated, 1h)
| order by FirewallId asc, Hour asc
| project FirewallId, Hour, PeakPercent, AveragePercent, Samples`,
);
