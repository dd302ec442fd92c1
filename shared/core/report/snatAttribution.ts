import type { SnatAttribution } from './egressReportModel';
import type { SourceAttributor } from './sourceAttribution';

/** A heavy flow from the top flows log (the shape of the top-flows query's rows). */
export interface TopFlowHit {
  readonly SourceIp: string;
  readonly DestinationIp: string;
  readonly DestinationPort: number;
  readonly Protocol: string;
  readonly Samples: number;
  readonly PeakFlowRateMbps: number;
  readonly AverageFlowRateMbps: number;
  readonly FirstSeen: Date;
  readonly LastSeen: Date;
}

/** A share of the busiest hour's heavy traffic above which one source or destination "dominates". */
export const DOMINANT_SHARE = 0.5;
const MAX_LISTED = 5;

/**
 * Who caused the busiest SNAT hour: the heaviest flows of that hour by source (with its cluster) and destination.
 * SNAT ports are allocated per destination IP and port, so traffic concentrated on one destination is what more
 * public IPs (or a NAT gateway) relieve; one dominating source is cheaper to fix in the workload (connection reuse).
 */
export function attributeSnat(flows: readonly TopFlowHit[], busiestHour: { readonly from: Date; readonly to: Date }, attribute: SourceAttributor): SnatAttribution {
  const weight = (flow: TopFlowHit) => (Number.isFinite(flow.PeakFlowRateMbps) ? Math.max(0, flow.PeakFlowRateMbps) : 0);
  const totalMbps = flows.reduce((sum, flow) => sum + weight(flow), 0);
  const sum = <K>(key: (flow: TopFlowHit) => K) => {
    const totals = new Map<K, { mbps: number; flows: number }>();
    for (const flow of flows) {
      const entry = totals.get(key(flow)) ?? { mbps: 0, flows: 0 };
      entry.mbps += weight(flow);
      entry.flows += 1;
      totals.set(key(flow), entry);
    }
    return [...totals].sort((a, b) => b[1].mbps - a[1].mbps || (String(a[0]) < String(b[0]) ? -1 : 1));
  };
  const sources = sum((flow) => flow.SourceIp).map(([sourceIp, totals]) => {
    const attribution = attribute(sourceIp);
    return { sourceIp, clusterIds: attribution?.clusterIds ?? [], ...(attribution ? { subnetId: attribution.subnetId } : {}), peakMbps: round(totals.mbps), flows: totals.flows };
  });
  const destinations = sum((flow) => `${flow.DestinationIp}:${flow.DestinationPort}/${flow.Protocol.toUpperCase()}`).map(([destination, totals]) => ({
    destination,
    peakMbps: round(totals.mbps),
    flows: totals.flows,
  }));
  const share = (mbps: number) => (totalMbps > 0 ? mbps / totalMbps : 0);
  const findings: SnatAttribution['findings'][number][] = [];
  if (sources.length > 0 && share(sources[0]!.peakMbps) >= DOMINANT_SHARE) findings.push('concentrated-source');
  if (destinations.length > 0 && share(destinations[0]!.peakMbps) >= DOMINANT_SHARE) findings.push('concentrated-destination');
  else if (destinations.length > 0) findings.push('spread');
  return {
    hour: { from: busiestHour.from.toISOString(), to: busiestHour.to.toISOString() },
    flowCount: flows.length,
    sources: sources.slice(0, MAX_LISTED),
    destinations: destinations.slice(0, MAX_LISTED),
    destinationCount: destinations.length,
    findings,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
