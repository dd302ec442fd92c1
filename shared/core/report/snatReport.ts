import type { SnatFirewallReport } from './egressReportModel';
import { recommendSnat, snatCapacityOf, type FirewallResource } from './snatCapacity';

/** One hour of SNAT utilisation for one firewall (the shape of the snat-utilization query's rows). */
export interface SnatHour {
  readonly FirewallId: string;
  readonly Hour: Date;
  readonly PeakPercent: number;
  readonly AveragePercent: number;
}

/**
 * Per-firewall SNAT summary with its hourly series. Firewalls without metrics in the window are left out (nothing
 * to chart); a firewall with metrics but no resource JSON is reported with zero known capacity.
 */
export function summarizeSnat(hours: readonly SnatHour[], firewalls: readonly FirewallResource[], thresholdPercent: number): SnatFirewallReport[] {
  const byFirewall = new Map<string, SnatHour[]>();
  for (const hour of hours) {
    const key = hour.FirewallId.toLowerCase();
    byFirewall.set(key, [...(byFirewall.get(key) ?? []), hour]);
  }
  return [...byFirewall]
    .map(([firewallId, series]) => {
      const ordered = [...series].sort((a, b) => a.Hour.getTime() - b.Hour.getTime());
      const peak = ordered.reduce((best, hour) => (hour.PeakPercent > best.PeakPercent ? hour : best));
      const resource = firewalls.find((firewall) => firewall.id.toLowerCase() === firewallId);
      const capacity = snatCapacityOf(resource ?? { id: firewallId });
      return {
        firewallId: resource?.id ?? firewallId,
        firewallName: resource?.name ?? firewallId.split('/').pop() ?? firewallId,
        publicIpCount: capacity.publicIpCount,
        instanceCount: capacity.instanceCount,
        capacityPorts: capacity.ports,
        peakPercent: peak.PeakPercent,
        averagePercent: round(ordered.reduce((sum, hour) => sum + hour.AveragePercent, 0) / ordered.length),
        peakAt: peak.Hour.toISOString(),
        hourly: ordered.map((hour) => ({ hour: hour.Hour.toISOString(), peakPercent: hour.PeakPercent, averagePercent: round(hour.AveragePercent) })),
        overThreshold: peak.PeakPercent > thresholdPercent,
        recommendation: recommendSnat(capacity, peak.PeakPercent, thresholdPercent),
      };
    })
    .sort((a, b) => b.peakPercent - a.peakPercent);
}

const round = (value: number) => Math.round(value * 100) / 100;
