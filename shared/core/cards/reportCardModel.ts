/** Plain data the egress report card is built from; the report orchestration fills it from Log Analytics. */
export interface ReportCardModel {
  /** ISO timestamps (UTC). */
  readonly window: { readonly from: string; readonly to: string };
  readonly headline: {
    readonly deniedRequests: number;
    readonly distinctFqdns: number;
    readonly newFqdns: number;
    readonly clustersAffected: number;
  };
  /** Most-denied first; the card shows the top rows that fit. */
  readonly deniedFqdns: readonly DeniedFqdnRow[];
  readonly perCluster: readonly { readonly cluster: string; readonly deniedHits: number; readonly distinctFqdns: number }[];
  readonly snat: readonly SnatRow[];
  /** True when no FQDN was denied for the first time in this window. */
  readonly noNewDenials: boolean;
  /** False when the workspace holds no firewall logs at all: the card says so instead of "nothing denied". */
  readonly firewallLogsFound: boolean;
  /** What the workspace lacks and which section that degrades, one sentence each. */
  readonly warnings: readonly string[];
  /** Denials of what AKS itself needs, per cluster: shown first, never with a request link. */
  readonly lifeline: readonly LifelineRow[];
  /** Denied network flows by destination, most hits first. */
  readonly deniedNetworkFlows: readonly DeniedNetworkRow[];
  /** Denied sources no known subnet contains: `unattributed (10.1.2.3, ...)` and their hits. */
  readonly unattributed?: { readonly label: string; readonly hits: number };
  /** Who caused the busiest SNAT hour, when the top flows log exists. */
  readonly snatAttribution?: SnatAttributionRow;
}

export interface LifelineRow {
  readonly cluster: string;
  readonly region: string;
  readonly denials: readonly { readonly what: string; readonly hits: number; readonly breaks: string; readonly fix: string }[];
}

export interface DeniedNetworkRow {
  /** "ip:port/PROTOCOL". */
  readonly destination: string;
  /** Names the DNS proxy resolved for the source just before (empty without the DNS proxy log). */
  readonly names: readonly string[];
  readonly hits: number;
  /** Cluster names, or the unattributed label. */
  readonly sources: readonly string[];
  readonly lastSeen: string;
}

export interface SnatAttributionRow {
  /** ISO start of the busiest hour. */
  readonly hour: string;
  /** "aks-a (10.42.1.7): 420 Mbps", heaviest first. */
  readonly sources: readonly string[];
  /** "20.150.10.4:443/TCP: 420 Mbps", heaviest first. */
  readonly destinations: readonly string[];
  /** Whether more public IPs / a NAT gateway address it, or the workload should change. */
  readonly advice: string;
}

export interface DeniedFqdnRow {
  readonly fqdn: string;
  readonly hits: number;
  readonly clusters: readonly string[];
  readonly subnets: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly isNew: boolean;
  readonly protocols: readonly string[];
  /** Pre-filled rule request link (the app's rule-request page for this FQDN); '' when none is offered. */
  readonly requestRuleUrl: string;
  /** An AKS requirement of its cluster: the fix is the baseline (lifeline section), not a request. */
  readonly aksRequired: boolean;
}

export interface SnatRow {
  readonly firewallName: string;
  readonly peakPercent: number;
  readonly averagePercent: number;
  /** ISO hour -> highest SNAT utilisation in that hour, oldest first. */
  readonly hourly: readonly { readonly hour: string; readonly maxPercent: number }[];
  readonly capacityPorts: number;
  readonly recommendation?: string;
}
