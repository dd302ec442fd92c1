import type { SnatRecommendation } from './snatCapacity';

/**
 * The egress report as plain data (ISO strings for times, no class instances), so it survives a durable activity
 * boundary and the Adaptive Card builder can render it without knowing where it came from.
 */
export interface EgressReport {
  readonly window: { readonly from: string; readonly to: string };
  readonly logMode: 'resource-specific' | 'azure-diagnostics';
  /** What the workspace lacks and which section it degrades (a missing table never fails the whole report). */
  readonly warnings: readonly ReportWarning[];
  /** False when the workspace has no firewall logs at all: the card says so instead of "nothing denied". */
  readonly firewallLogsFound: boolean;
  /** Denials of Microsoft's AKS required egress, per guarded cluster: first on the card, never a request link. */
  readonly lifeline: readonly LifelineCluster[];
  readonly headline: EgressReportHeadline;
  /** Ranked by hits, most first. */
  readonly deniedFqdns: readonly DeniedFqdnEntry[];
  readonly deniedNetworkFlows: readonly DeniedNetworkEntry[];
  /** Per AKS cluster, ranked by denied hits. */
  readonly clusters: readonly ClusterBreakdown[];
  /** Denied sources that no known subnet contains (e.g. a VM outside the guarded subnets). */
  readonly unattributedSources: readonly { readonly sourceIp: string; readonly hits: number }[];
  readonly snat: readonly SnatFirewallReport[];
  readonly snatThresholdPercent: number;
  /** Who caused the busiest SNAT hour (from AZFWFatFlow); undefined without that log or without SNAT data. */
  readonly snatAttribution?: SnatAttribution;
}

export type ReportWarningCode =
  | 'no-firewall-logs'
  | 'application-log-missing'
  | 'network-log-missing'
  | 'dns-log-missing'
  | 'top-flows-log-missing'
  | 'snat-metrics-missing';

export interface ReportWarning {
  readonly code: ReportWarningCode;
  /** The sentence on the card. */
  readonly message: string;
}

export interface LifelineCluster {
  readonly clusterId: string;
  readonly region: string;
  readonly apiServerFqdn?: string;
  readonly subnetIds: readonly string[];
  /** Most hits first. */
  readonly denials: readonly LifelineDenial[];
}

export interface LifelineDenial {
  /** Denied by an application rule (a name) or a network rule (an address and port). */
  readonly kind: 'fqdn' | 'network';
  /** The required rule it matches, filled in for the cluster, e.g. "*.hcp.westeurope.azmk8s.io" or "UDP 1194 to AzureCloud.westeurope". */
  readonly requirement: string;
  /** What was denied: the FQDN, or "ip:port/PROTOCOL". */
  readonly destination: string;
  readonly hits: number;
  readonly lastSeen: string;
  /** What fails while this stays denied. */
  readonly breaks: string;
  /** The baseline rule that fixes it. */
  readonly fix: string;
}

export interface SnatAttribution {
  /** The busiest hour of SNAT utilisation (highest peak of any firewall). */
  readonly hour: { readonly from: string; readonly to: string };
  readonly flowCount: number;
  /** Heaviest first (sum of peak flow rates). */
  readonly sources: readonly { readonly sourceIp: string; readonly clusterIds: readonly string[]; readonly subnetId?: string; readonly peakMbps: number; readonly flows: number }[];
  readonly destinations: readonly { readonly destination: string; readonly peakMbps: number; readonly flows: number }[];
  readonly destinationCount: number;
  /** concentrated-destination: more public IPs / a NAT gateway relieve it; concentrated-source: fix the workload first. */
  readonly findings: readonly ('concentrated-source' | 'concentrated-destination' | 'spread')[];
}

export interface EgressReportHeadline {
  readonly deniedApplicationHits: number;
  readonly deniedFqdnCount: number;
  readonly newDeniedFqdnCount: number;
  readonly deniedNetworkHits: number;
  readonly affectedClusterCount: number;
  /** Highest SNAT utilisation of any firewall in the window; null without SNAT data. */
  readonly peakSnatPercent: number | null;
  readonly firewallsOverSnatThreshold: number;
}

export interface DeniedFqdnEntry {
  /** "" when the firewall could not see a name (e.g. TLS without SNI). */
  readonly fqdn: string;
  readonly hits: number;
  /** Not denied in the previous report. */
  readonly isNew: boolean;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly ports: readonly number[];
  readonly protocols: readonly string[];
  readonly webCategories: readonly string[];
  readonly actionReasons: readonly string[];
  readonly sampleUrl: string;
  readonly sourceIpCount: number;
  readonly clusterIds: readonly string[];
  readonly subnetIds: readonly string[];
  /** Sources no known subnet contains (first few). */
  readonly unattributedSourceIps: readonly string[];
  /** An AKS required FQDN for one of its clusters: a baseline fix (lifeline), never a self-service request. */
  readonly aksRequired: boolean;
}

export interface DeniedNetworkEntry {
  readonly destinationIp: string;
  readonly destinationPort: number;
  readonly protocol: string;
  /** Names the sources looked up just before connecting (DNS proxy), as candidates. */
  readonly destinationNames: readonly string[];
  readonly hits: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly clusterIds: readonly string[];
  readonly subnetIds: readonly string[];
  /** Sources no known subnet contains (first few). */
  readonly unattributedSourceIps: readonly string[];
}

export interface ClusterBreakdown {
  readonly clusterId: string;
  readonly deniedApplicationHits: number;
  readonly deniedNetworkHits: number;
  readonly topDeniedFqdns: readonly { readonly fqdn: string; readonly hits: number; readonly isNew: boolean }[];
  readonly subnetIds: readonly string[];
}

export interface SnatFirewallReport {
  readonly firewallId: string;
  readonly firewallName: string;
  readonly publicIpCount: number;
  readonly instanceCount: number;
  readonly capacityPorts: number;
  readonly peakPercent: number;
  readonly averagePercent: number;
  readonly peakAt: string;
  /** One point per hour with data, oldest first: the trend chart's series. */
  readonly hourly: readonly { readonly hour: string; readonly peakPercent: number; readonly averagePercent: number }[];
  readonly overThreshold: boolean;
  readonly recommendation: SnatRecommendation;
}
