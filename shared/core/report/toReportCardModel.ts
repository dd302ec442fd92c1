import type { DeniedFqdnRow, DeniedNetworkRow, ReportCardModel, SnatAttributionRow, SnatRow } from '../cards/reportCardModel';
import type { DeniedFqdnEntry, DeniedNetworkEntry, EgressReport, LifelineCluster, SnatAttribution, SnatFirewallReport } from './egressReportModel';

export interface ReportCardOptions {
  /** publicBaseUrlOf(settings): where the rule-request page is served. */
  readonly publicBaseUrl: string;
}

/** What the card shows for a denial the firewall could not name (TLS without SNI). */
export const UNNAMED_FQDN = '(no SNI / unknown name)';

/**
 * EgressReport -> the card's model. Pure. Clusters and subnets are shown by name (resource ids do not fit a Teams
 * table); the "Request allow rule" link carries the full cluster id, which the rule-request page needs.
 */
export function toReportCardModel(report: EgressReport, options: ReportCardOptions): ReportCardModel {
  const baseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  return {
    window: report.window,
    headline: {
      deniedRequests: report.headline.deniedApplicationHits + report.headline.deniedNetworkHits,
      distinctFqdns: report.headline.deniedFqdnCount,
      newFqdns: report.headline.newDeniedFqdnCount,
      clustersAffected: report.headline.affectedClusterCount,
    },
    deniedFqdns: report.deniedFqdns.map((entry) => toDeniedFqdnRow(entry, baseUrl)),
    perCluster: report.clusters.map((cluster) => ({
      cluster: lastSegment(cluster.clusterId),
      deniedHits: cluster.deniedApplicationHits + cluster.deniedNetworkHits,
      // topDeniedFqdns is cut to a few; count from the full FQDN list instead.
      distinctFqdns: report.deniedFqdns.filter((entry) => entry.fqdn !== '' && entry.clusterIds.includes(cluster.clusterId)).length,
    })),
    snat: report.snat.map((firewall) => toSnatRow(firewall, report.snatThresholdPercent)),
    noNewDenials: report.headline.newDeniedFqdnCount === 0,
    firewallLogsFound: report.firewallLogsFound,
    // "No firewall logs" has its own paragraph on the card (firewallLogsFound); the other warnings are lines.
    warnings: report.warnings.filter((warning) => warning.code !== 'no-firewall-logs').map((warning) => warning.message),
    lifeline: report.lifeline.map(toLifelineRow),
    deniedNetworkFlows: report.deniedNetworkFlows.map(toDeniedNetworkRow),
    ...(report.unattributedSources.length > 0
      ? {
          unattributed: {
            label: unattributedLabel(report.unattributedSources.map((source) => source.sourceIp)),
            hits: report.unattributedSources.reduce((sum, source) => sum + source.hits, 0),
          },
        }
      : {}),
    ...(report.snatAttribution ? { snatAttribution: toSnatAttributionRow(report.snatAttribution) } : {}),
  };
}

/** How many source IPs an "unattributed (...)" label names before "...". */
const UNATTRIBUTED_IPS_SHOWN = 3;

/** `unattributed (10.1.2.3, 10.1.2.4, ...)`: sources no known subnet contains, never a bare bullet. */
export function unattributedLabel(sourceIps: readonly string[]): string {
  const shown = sourceIps.slice(0, UNATTRIBUTED_IPS_SHOWN);
  return `unattributed (${shown.join(', ')}${sourceIps.length > shown.length ? ', ...' : ''})`;
}

/** Cluster names of an entry, plus its unattributed sources' label. */
function sourcesOf(entry: { readonly clusterIds: readonly string[]; readonly unattributedSourceIps: readonly string[] }): string[] {
  return [...entry.clusterIds.map(lastSegment), ...(entry.unattributedSourceIps.length > 0 ? [unattributedLabel(entry.unattributedSourceIps)] : [])];
}

/** Who sent a network flow: its clusters, else the subnets (a VM subnet has no cluster), plus unattributed sources. */
function networkSourcesOf(entry: DeniedNetworkEntry): string[] {
  const known = entry.clusterIds.length > 0 ? entry.clusterIds.map(lastSegment) : entry.subnetIds.map(subnetDisplayName);
  return [...known, ...(entry.unattributedSourceIps.length > 0 ? [unattributedLabel(entry.unattributedSourceIps)] : [])];
}

function toLifelineRow(cluster: LifelineCluster) {
  return {
    cluster: lastSegment(cluster.clusterId),
    region: cluster.region,
    denials: cluster.denials.map((denial) => ({
      what: denial.kind === 'fqdn' ? denial.destination : `${denial.destination} (${denial.requirement})`,
      hits: denial.hits,
      breaks: denial.breaks,
      fix: denial.fix,
    })),
  };
}

function toDeniedNetworkRow(entry: DeniedNetworkEntry): DeniedNetworkRow {
  return {
    destination: `${entry.destinationIp}:${entry.destinationPort}/${entry.protocol.toUpperCase()}`,
    names: entry.destinationNames,
    hits: entry.hits,
    sources: networkSourcesOf(entry),
    lastSeen: entry.lastSeen,
  };
}

function toSnatAttributionRow(attribution: SnatAttribution): SnatAttributionRow {
  const mbps = (value: number) => `${Math.round(value * 10) / 10} Mbps`;
  const sources = attribution.sources.map((source) => {
    const who = source.clusterIds.length > 0 ? `${source.clusterIds.map(lastSegment).join(', ')} (${source.sourceIp})` : unattributedLabel([source.sourceIp]);
    return `${who}: ${mbps(source.peakMbps)}`;
  });
  const destinations = attribution.destinations.map((destination) => `${destination.destination}: ${mbps(destination.peakMbps)}`);
  return { hour: attribution.hour.from, sources, destinations, advice: snatAdvice(attribution) };
}

/**
 * Whether more public IPs or a NAT gateway address the busiest hour. SNAT ports are allocated per destination IP and
 * port, so adding IPs (or a NAT gateway's 64,512 ports per IP) relieves traffic concentrated on one destination or
 * spread over many; a single source doing most of it is cheaper to fix in the workload.
 */
export function snatAdvice(attribution: SnatAttribution): string {
  const sentences: string[] = [];
  const top = attribution.sources[0];
  const destination = attribution.destinations[0];
  if (attribution.findings.includes('concentrated-source') && top) {
    const who = top.clusterIds.length > 0 ? `${top.clusterIds.map(lastSegment).join(', ')} (${top.sourceIp})` : unattributedLabel([top.sourceIp]);
    sentences.push(`One source, ${who}, carries most of it: connection reuse there relieves SNAT more cheaply than new IPs.`);
  }
  if (attribution.findings.includes('concentrated-destination') && destination) {
    sentences.push(
      `Most of it goes to ${destination.destination}. SNAT ports are per destination, so more public IPs or a NAT gateway add ports for exactly this traffic; if it is an Azure service, a private endpoint takes it off SNAT altogether.`,
    );
  }
  if (attribution.findings.includes('spread')) {
    sentences.push(`It is spread over ${attribution.destinationCount} destinations: more public IPs or a NAT gateway raise the capacity for all of them.`);
  }
  return sentences.join(' ');
}

/** `${base}/api/rule-requests/new?fqdn=..&cluster=..`; no link for an unnamed FQDN (nothing to allow by name). */
export function requestRuleUrl(baseUrl: string, fqdn: string, clusterId: string | undefined): string {
  if (fqdn === '') return '';
  const query = `fqdn=${encodeURIComponent(fqdn)}${clusterId ? `&cluster=${encodeURIComponent(clusterId)}` : ''}`;
  return `${baseUrl.replace(/\/+$/, '')}/api/rule-requests/new?${query}`;
}

function toDeniedFqdnRow(entry: DeniedFqdnEntry, baseUrl: string): DeniedFqdnRow {
  return {
    fqdn: entry.fqdn === '' ? UNNAMED_FQDN : entry.fqdn,
    hits: entry.hits,
    clusters: sourcesOf(entry),
    subnets: entry.subnetIds.map(subnetDisplayName),
    firstSeen: entry.firstSeen,
    lastSeen: entry.lastSeen,
    isNew: entry.isNew,
    protocols: entry.protocols,
    // A FQDN denied from several clusters links to a request for the first; the page lets the requester change it.
    // An AKS requirement gets none: it is fixed in the baseline (lifeline section), not by a request.
    requestRuleUrl: entry.aksRequired ? '' : requestRuleUrl(baseUrl, entry.fqdn, entry.clusterIds[0]),
    aksRequired: entry.aksRequired,
  };
}

function toSnatRow(firewall: SnatFirewallReport, thresholdPercent: number): SnatRow {
  const recommendation = recommendationText(firewall, thresholdPercent);
  return {
    firewallName: firewall.firewallName,
    peakPercent: firewall.peakPercent,
    averagePercent: firewall.averagePercent,
    hourly: firewall.hourly.map((point) => ({ hour: point.hour, maxPercent: point.peakPercent })),
    capacityPorts: firewall.capacityPorts,
    ...(recommendation ? { recommendation } : {}),
  };
}

/** The sentence under a firewall's SNAT figures; undefined while the peak stays under the threshold. */
export function recommendationText(firewall: SnatFirewallReport, thresholdPercent: number): string | undefined {
  const { recommendation } = firewall;
  const over = `SNAT peak ${formatPercent(firewall.peakPercent)} is above the ${thresholdPercent}% threshold`;
  switch (recommendation.kind) {
    case 'none':
      return firewall.overThreshold ? `${over}.` : undefined;
    case 'add-public-ips': {
      const ips = `${recommendation.additionalPublicIps} public IP${recommendation.additionalPublicIps === 1 ? '' : 's'}`;
      const alternative = recommendation.natGatewayAlternative ? ', or attach a NAT gateway to AzureFirewallSubnet' : '';
      return `${over}: add ${ips} to ${firewall.firewallName}${alternative}.`;
    }
    case 'nat-gateway':
      return `${over}: attach a NAT gateway to AzureFirewallSubnet of ${firewall.firewallName} (more public IPs cannot bring it under the threshold).`;
  }
}

const lastSegment = (id: string) => id.split('/').filter((part) => part !== '').pop() ?? id;

/** ".../virtualNetworks/vnet-a/subnets/aks" -> "vnet-a/aks": the subnet name alone is often the same in every VNet. */
export function subnetDisplayName(subnetId: string): string {
  const match = /\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(subnetId);
  return match ? `${match[1]}/${match[2]}` : lastSegment(subnetId);
}

const formatPercent = (value: number) => `${Math.round(value * 10) / 10}%`;
