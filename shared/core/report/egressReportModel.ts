import type { SnatRecommendation } from './snatCapacity';

/**
 * The egress report as plain data (ISO strings for times, no class instances), so it survives a durable activity
 * boundary and the Adaptive Card builder can render it without knowing where it came from.
 */
export interface EgressReport {
  readonly window: { readonly from: string; readonly to: string };
  readonly logMode: 'resource-specific' | 'azure-diagnostics';
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
