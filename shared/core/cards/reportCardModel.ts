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
  /** Pre-filled rule request link (the app's rule-request page for this FQDN). */
  readonly requestRuleUrl: string;
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
