import type { MetricsClient, MetricsQueryResult } from '@azure/monitor-query-metrics';
import type { SnatHour } from '../../core/report/snatReport';
import { assertValidWindow, type TimeWindow } from '../../core/report/window';

export const SNAT_METRIC_NAME = 'SNATPortUtilization';
export const FIREWALL_METRIC_NAMESPACE = 'Microsoft.Network/azureFirewalls';

/**
 * SNAT utilisation per firewall and hour from the Azure Monitor metrics batch API (metrics:getBatch), for
 * workspaces that do not receive the firewall's platform metrics (no AzureMetrics rows). Same rows as the
 * snat-utilization log query, so the report core does not care where they came from.
 */
export class SnatMetrics {
  constructor(private readonly client: Pick<MetricsClient, 'queryResources'>) {}

  async querySnatHours(window: TimeWindow, firewallIds: readonly string[]): Promise<SnatHour[]> {
    assertValidWindow(window);
    // getBatch takes resources of one subscription per call (the subscription is in the URL).
    const bySubscription = new Map<string, string[]>();
    for (const id of firewallIds) {
      const subscription = /^\/subscriptions\/([^/]+)\//i.exec(id)?.[1]?.toLowerCase();
      if (subscription) bySubscription.set(subscription, [...(bySubscription.get(subscription) ?? []), id]);
    }
    const hours: SnatHour[] = [];
    for (const ids of bySubscription.values()) {
      const results = await this.client.queryResources(ids, [SNAT_METRIC_NAME], FIREWALL_METRIC_NAMESPACE, {
        startTime: window.from,
        endTime: window.to,
        interval: 'PT1H',
        aggregation: 'average,maximum',
      });
      hours.push(...results.flatMap(toSnatHours));
    }
    return hours;
  }
}

/** One result per resource; hours without data (the API returns them with no aggregates) are left out. */
export function toSnatHours(result: MetricsQueryResult): SnatHour[] {
  const firewallId = (result.resourceId ?? '').toLowerCase();
  // The SDK turns `name` into the localized display name ("SNAT port utilization"); the id ends with the metric name.
  const wanted = SNAT_METRIC_NAME.toLowerCase();
  const metric = result.metrics.find((candidate) => (candidate.id ?? '').toLowerCase().endsWith(`/${wanted}`) || (candidate.name ?? '').toLowerCase() === wanted);
  if (!firewallId || !metric) return [];
  if (metric.errorCode && metric.errorCode !== 'Success') {
    throw new Error(`Metrics ${SNAT_METRIC_NAME} for ${firewallId}: ${metric.errorCode}${metric.errorMessage ? ` (${metric.errorMessage})` : ''}`);
  }
  return metric.timeseries.flatMap((series) =>
    (series.data ?? []).flatMap((point) => {
      if (typeof point.maximum !== 'number' && typeof point.average !== 'number') return [];
      const average = point.average ?? point.maximum ?? 0;
      return [{ FirewallId: firewallId, Hour: new Date(point.timeStamp), PeakPercent: point.maximum ?? average, AveragePercent: average }];
    }),
  );
}
