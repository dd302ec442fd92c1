import type { DeniedFqdnRow, ReportCardModel, SnatRow } from '../cards/reportCardModel';
import type { DeniedFqdnEntry, EgressReport, SnatFirewallReport } from './egressReportModel';

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
  };
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
    clusters: entry.clusterIds.map(lastSegment),
    subnets: entry.subnetIds.map(subnetDisplayName),
    firstSeen: entry.firstSeen,
    lastSeen: entry.lastSeen,
    isNew: entry.isNew,
    protocols: entry.protocols,
    // A FQDN denied from several clusters links to a request for the first; the page lets the requester change it.
    requestRuleUrl: requestRuleUrl(baseUrl, entry.fqdn, entry.clusterIds[0]),
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
