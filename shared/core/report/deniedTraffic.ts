import type { ClusterBreakdown, DeniedFqdnEntry, DeniedNetworkEntry } from './egressReportModel';
import type { SourceAttribution, SourceAttributor } from './sourceAttribution';

/** A denied application-rule aggregate (the shape of the denied-application-traffic query's rows). */
export interface DeniedApplicationHit {
  readonly Fqdn: string;
  readonly SourceIp: string;
  readonly DestinationPort: number;
  readonly Protocol: string;
  readonly Hits: number;
  readonly FirstSeen: Date;
  readonly LastSeen: Date;
  readonly TargetUrl: string;
  readonly ActionReason: string;
  readonly WebCategory: string;
}

/** A denied network-rule aggregate (the shape of the denied-network-traffic query's rows). */
export interface DeniedNetworkHit {
  readonly SourceIp: string;
  readonly DestinationIp: string;
  readonly DestinationPort: number;
  readonly Protocol: string;
  readonly Hits: number;
  readonly FirstSeen: Date;
  readonly LastSeen: Date;
  readonly DestinationNames: readonly string[];
}

/** FQDNs compare case-insensitively and without a trailing dot. */
export function normalizeFqdn(fqdn: string): string {
  return fqdn.trim().toLowerCase().replace(/\.$/, '');
}

const sorted = <T>(values: Iterable<T>) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const nonEmpty = (values: Iterable<string>) => sorted(new Set([...values].filter((value) => value !== '')));

/** How many unattributed source IPs an entry keeps (the card shows a few; the JSON's unattributedSources has all). */
export const MAX_UNATTRIBUTED_IPS_PER_ENTRY = 5;
/** Source IPs of the hits whose attribution (same index) is undefined, the first few sorted. */
const unattributedIps = (hits: readonly { readonly SourceIp: string }[], attributions: readonly (SourceAttribution | undefined)[]) =>
  nonEmpty(hits.flatMap((hit, index) => (attributions[index] === undefined ? [hit.SourceIp] : []))).slice(0, MAX_UNATTRIBUTED_IPS_PER_ENTRY);

/** Groups denied application hits by FQDN and ranks them (hits desc, then name), marking those not previously seen. */
export function rankDeniedFqdns(
  hits: readonly DeniedApplicationHit[],
  attribute: SourceAttributor,
  previousDeniedFqdns: ReadonlySet<string>,
  isAksRequired: (fqdn: string, clusterIds: readonly string[]) => boolean = () => false,
): DeniedFqdnEntry[] {
  const groups = groupBy(hits, (hit) => normalizeFqdn(hit.Fqdn));
  return [...groups]
    .map(([fqdn, group]): DeniedFqdnEntry => {
      const each = group.map((hit) => attribute(hit.SourceIp));
      const attributions = each.filter((a) => a !== undefined);
      const clusterIds = nonEmpty(attributions.flatMap((a) => a.clusterIds));
      return {
        fqdn,
        hits: group.reduce((sum, hit) => sum + hit.Hits, 0),
        isNew: fqdn !== '' && !previousDeniedFqdns.has(fqdn),
        // reduce, not Math.min(...): a spread of a very large group overflows the call stack.
        firstSeen: new Date(group.reduce((min, hit) => Math.min(min, hit.FirstSeen.getTime()), Number.POSITIVE_INFINITY)).toISOString(),
        lastSeen: new Date(group.reduce((max, hit) => Math.max(max, hit.LastSeen.getTime()), Number.NEGATIVE_INFINITY)).toISOString(),
        ports: sorted(new Set(group.map((hit) => hit.DestinationPort))),
        protocols: nonEmpty(group.map((hit) => hit.Protocol)),
        webCategories: nonEmpty(group.map((hit) => hit.WebCategory)),
        actionReasons: nonEmpty(group.map((hit) => hit.ActionReason)),
        sampleUrl: nonEmpty(group.map((hit) => hit.TargetUrl))[0] ?? '',
        sourceIpCount: new Set(group.map((hit) => hit.SourceIp)).size,
        clusterIds,
        subnetIds: nonEmpty(attributions.map((a) => a.subnetId)),
        unattributedSourceIps: unattributedIps(group, each),
        aksRequired: fqdn !== '' && clusterIds.length > 0 && isAksRequired(fqdn, clusterIds),
      };
    })
    .sort((a, b) => b.hits - a.hits || (a.fqdn < b.fqdn ? -1 : 1));
}

/** Groups denied network hits by destination (ip, port, protocol), ranked by hits. */
export function summarizeDeniedNetwork(hits: readonly DeniedNetworkHit[], attribute: SourceAttributor): DeniedNetworkEntry[] {
  const groups = groupBy(hits, (hit) => `${hit.DestinationIp}|${hit.DestinationPort}|${hit.Protocol}`);
  return [...groups.values()]
    .map((group): DeniedNetworkEntry => {
      const first = group[0]!;
      const each = group.map((hit) => attribute(hit.SourceIp));
      const attributions = each.filter((a) => a !== undefined);
      return {
        destinationIp: first.DestinationIp,
        destinationPort: first.DestinationPort,
        protocol: first.Protocol,
        destinationNames: nonEmpty(group.flatMap((hit) => hit.DestinationNames.map(normalizeFqdn))),
        hits: group.reduce((sum, hit) => sum + hit.Hits, 0),
        // reduce, not Math.min(...): a spread of a very large group overflows the call stack.
        firstSeen: new Date(group.reduce((min, hit) => Math.min(min, hit.FirstSeen.getTime()), Number.POSITIVE_INFINITY)).toISOString(),
        lastSeen: new Date(group.reduce((max, hit) => Math.max(max, hit.LastSeen.getTime()), Number.NEGATIVE_INFINITY)).toISOString(),
        clusterIds: nonEmpty(attributions.flatMap((a) => a.clusterIds)),
        subnetIds: nonEmpty(attributions.map((a) => a.subnetId)),
        unattributedSourceIps: unattributedIps(group, each),
      };
    })
    .sort((a, b) => b.hits - a.hits || (a.destinationIp < b.destinationIp ? -1 : 1));
}

/**
 * Per-cluster totals. A source in a subnet shared by several clusters counts for each of them: the firewall cannot
 * tell which cluster's node sent it, and under-reporting a cluster is worse than double-counting.
 */
export function breakDownByCluster(
  applicationHits: readonly DeniedApplicationHit[],
  networkHits: readonly DeniedNetworkHit[],
  attribute: SourceAttributor,
  isNewFqdn: (fqdn: string) => boolean,
  topFqdnsPerCluster = 5,
): ClusterBreakdown[] {
  const clusters = new Map<string, { app: number; net: number; fqdns: Map<string, number>; subnets: Set<string> }>();
  const entryFor = (clusterId: string) => {
    let entry = clusters.get(clusterId);
    if (!entry) clusters.set(clusterId, (entry = { app: 0, net: 0, fqdns: new Map(), subnets: new Set() }));
    return entry;
  };
  for (const hit of applicationHits) {
    const attribution = attribute(hit.SourceIp);
    for (const clusterId of attribution?.clusterIds ?? []) {
      const entry = entryFor(clusterId);
      const fqdn = normalizeFqdn(hit.Fqdn);
      entry.app += hit.Hits;
      entry.fqdns.set(fqdn, (entry.fqdns.get(fqdn) ?? 0) + hit.Hits);
      entry.subnets.add(attribution!.subnetId);
    }
  }
  for (const hit of networkHits) {
    const attribution = attribute(hit.SourceIp);
    for (const clusterId of attribution?.clusterIds ?? []) {
      const entry = entryFor(clusterId);
      entry.net += hit.Hits;
      entry.subnets.add(attribution!.subnetId);
    }
  }
  return [...clusters]
    .map(([clusterId, entry]) => ({
      clusterId,
      deniedApplicationHits: entry.app,
      deniedNetworkHits: entry.net,
      topDeniedFqdns: [...entry.fqdns]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, topFqdnsPerCluster)
        .map(([fqdn, hits]) => ({ fqdn, hits, isNew: isNewFqdn(fqdn) })),
      subnetIds: sorted(entry.subnets),
    }))
    .sort((a, b) => b.deniedApplicationHits + b.deniedNetworkHits - (a.deniedApplicationHits + a.deniedNetworkHits) || (a.clusterId < b.clusterId ? -1 : 1));
}

/** Groups items by key in one pass (appending in place: copying each group per item made large reports quadratic). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
