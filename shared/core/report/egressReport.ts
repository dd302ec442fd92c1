import { createAksRequirementMatcher, findLifelineDenials, type AksClusterScope } from './aksLifeline';
import { breakDownByCluster, normalizeFqdn, rankDeniedFqdns, summarizeDeniedNetwork } from './deniedTraffic';
import type { DeniedApplicationHit, DeniedNetworkHit } from './deniedTraffic';
import type { EgressReport, ReportWarning } from './egressReportModel';
import { attributeSnat, type TopFlowHit } from './snatAttribution';
import type { FirewallResource } from './snatCapacity';
import { summarizeSnat, type SnatHour } from './snatReport';
import { createSourceAttributor, type SubnetScope } from './sourceAttribution';
import { subnetDisplayName } from './toReportCardModel';
import { assertValidWindow, type TimeWindow } from './window';

export type * from './egressReportModel';
export type { DeniedApplicationHit, DeniedNetworkHit } from './deniedTraffic';
export type { SnatHour } from './snatReport';
export type { SubnetScope } from './sourceAttribution';
export type { AksClusterScope } from './aksLifeline';
export type { TopFlowHit } from './snatAttribution';
export type { FirewallResource, SnatRecommendation } from './snatCapacity';
export type { TimeWindow } from './window';

export interface EgressReportInput {
  readonly window: TimeWindow;
  readonly logMode: EgressReport['logMode'];
  readonly deniedApplicationTraffic: readonly DeniedApplicationHit[];
  readonly deniedNetworkTraffic: readonly DeniedNetworkHit[];
  readonly snatHours: readonly SnatHour[];
  readonly firewalls: readonly FirewallResource[];
  readonly subnets: readonly SubnetScope[];
  /** FQDNs the previous successful report listed as denied. */
  readonly previousDeniedFqdns: readonly string[];
  readonly snatThresholdPercent: number;
  /** Guarded AKS clusters with region and API server FQDN: what the lifeline section checks against. */
  readonly clusters?: readonly AksClusterScope[];
  /** Heavy flows of the busiest SNAT hour (AZFWFatFlow), when that log exists. */
  readonly topFlows?: { readonly hour: TimeWindow; readonly flows: readonly TopFlowHit[] };
  /** What the workspace lacks (decided by the runtime from the inventory). */
  readonly warnings?: readonly ReportWarning[];
  /** False when the workspace has no firewall logs at all. Default true. */
  readonly firewallLogsFound?: boolean;
}

/** Builds the report model from query rows and ARM state. Pure: same input, same report. */
export function buildEgressReport(input: EgressReportInput): EgressReport {
  assertValidWindow(input.window);
  const attribute = createSourceAttributor(input.subnets);
  const previous = new Set(input.previousDeniedFqdns.map(normalizeFqdn));
  const clusters = input.clusters ?? [];
  const deniedFqdns = rankDeniedFqdns(input.deniedApplicationTraffic, attribute, previous, createAksRequirementMatcher(clusters));
  const deniedNetworkFlows = summarizeDeniedNetwork(input.deniedNetworkTraffic, attribute);
  const byCluster = breakDownByCluster(input.deniedApplicationTraffic, input.deniedNetworkTraffic, attribute, (fqdn) => fqdn !== '' && !previous.has(fqdn));
  const snat = summarizeSnat(input.snatHours, input.firewalls, input.snatThresholdPercent);

  const unattributed = new Map<string, number>();
  for (const hit of [...input.deniedApplicationTraffic, ...input.deniedNetworkTraffic]) {
    if (!attribute(hit.SourceIp)) unattributed.set(hit.SourceIp, (unattributed.get(hit.SourceIp) ?? 0) + hit.Hits);
  }

  const lifeline = findLifelineDenials(input.deniedApplicationTraffic, input.deniedNetworkTraffic, attribute, clusters, subnetDisplayName);
  const snatAttribution = input.topFlows && input.topFlows.flows.length > 0 ? attributeSnat(input.topFlows.flows, input.topFlows.hour, attribute) : undefined;

  return {
    window: { from: input.window.from.toISOString(), to: input.window.to.toISOString() },
    logMode: input.logMode,
    warnings: input.warnings ?? [],
    firewallLogsFound: input.firewallLogsFound ?? true,
    lifeline,
    headline: {
      deniedApplicationHits: deniedFqdns.reduce((sum, entry) => sum + entry.hits, 0),
      deniedFqdnCount: deniedFqdns.filter((entry) => entry.fqdn !== '').length,
      newDeniedFqdnCount: deniedFqdns.filter((entry) => entry.isNew).length,
      deniedNetworkHits: deniedNetworkFlows.reduce((sum, entry) => sum + entry.hits, 0),
      affectedClusterCount: byCluster.length,
      peakSnatPercent: snat.length === 0 ? null : Math.max(...snat.map((firewall) => firewall.peakPercent)),
      firewallsOverSnatThreshold: snat.filter((firewall) => firewall.overThreshold).length,
    },
    deniedFqdns,
    deniedNetworkFlows,
    clusters: byCluster,
    unattributedSources: [...unattributed]
      .map(([sourceIp, hits]) => ({ sourceIp, hits }))
      .sort((a, b) => b.hits - a.hits || (a.sourceIp < b.sourceIp ? -1 : 1)),
    snat,
    snatThresholdPercent: input.snatThresholdPercent,
    ...(snatAttribution ? { snatAttribution } : {}),
  };
}
