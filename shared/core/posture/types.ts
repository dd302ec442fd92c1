import type { PolicyView } from '../firewallPolicy/policyView';

/** What posture knows about one AKS cluster, as read from ARM (managedClusters, 2026-04-01). */
export interface PostureCluster {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  /** networkProfile.outboundType; AKS defaults to loadBalancer when absent. */
  readonly outboundType: string | undefined;
  /** apiServerAccessProfile.enablePrivateCluster. */
  readonly privateCluster: boolean;
  /** apiServerAccessProfile.enableVnetIntegration: nodes reach the API server inside the VNet. */
  readonly apiServerVnetIntegration: boolean;
  /** apiServerAccessProfile.authorizedIPRanges; undefined or empty: the API server accepts any address. */
  readonly authorizedIpRanges: readonly string[] | undefined;
  /** properties.fqdn, e.g. aks-egress-7c1f2d6b.hcp.westeurope.azmk8s.io. */
  readonly apiServerFqdn: string | undefined;
  /** sku.tier: Free (not for production), Standard or Premium (production tiers); absent means Free. */
  readonly skuTier: string | undefined;
  readonly nodeResourceGroup: string | undefined;
}

/** One node or pod subnet of the cluster: the sources of its egress. */
export interface PostureSubnet {
  readonly id: string;
  readonly name: string;
  readonly prefixes: readonly string[];
  readonly vnetId: string;
  readonly vnetName: string;
  /** The spoke VNet's dhcpOptions.dnsServers (empty: Azure DNS). */
  readonly vnetDnsServers: readonly string[];
}

export interface PostureFirewall {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly privateIp: string | undefined;
  readonly publicIps: readonly string[];
  /** The attached policy's id; undefined: classic rules or no policy. */
  readonly policyId: string | undefined;
  /** dnsSettings.enableProxy of the attached policy (classic: the firewall's own switch); undefined: unknown. */
  readonly dnsProxyEnabled: boolean | undefined;
  /** The attached policy with its parents, groups and IP groups; undefined when there is none or it is unreadable. */
  readonly policy: PolicyView | undefined;
  /** Why `policy` is undefined although a policy is attached (a policy in the chain is missing or forbidden). */
  readonly policyProblem?: string;
  /** SNAT capacity as the egress report computes it (shared/core/report/snatCapacity.ts). */
  readonly snat: { readonly publicIpCount: number; readonly instanceCount: number; readonly ports: number };
}

/** A load balancer frontend with a public IP, in the cluster's node resource group. */
export interface PublicFrontend {
  readonly loadBalancerId: string;
  readonly loadBalancerName: string;
  readonly frontendName: string;
  readonly publicIpId: string;
  /** undefined: the public IP resource has no address (yet) or could not be read. */
  readonly ipAddress: string | undefined;
}

/** Everything one cluster's posture evaluation looks at: plain data, so the evaluation is a pure function. */
export interface PostureFacts {
  readonly cluster: PostureCluster;
  readonly subnets: readonly PostureSubnet[];
  /** The firewall FIREWALL_RESOURCE_IDS names for the cluster's region; undefined: none. */
  readonly firewall: PostureFirewall | undefined;
  readonly publicFrontends: readonly PublicFrontend[];
}

export type PostureSeverity = 'error' | 'warning' | 'info';

export interface PostureFinding {
  /** Stable kebab-case identifier; alerting and tests key on it. */
  readonly code: string;
  readonly severity: PostureSeverity;
  readonly message: string;
  /** What to do about it (Microsoft's guide's fix). */
  readonly fix: string;
  /** The resource the finding is about (rule, load balancer, firewall, cluster). */
  readonly resourceId?: string;
  /** Distinguishes findings of one code (the requirement, the IP): a recovery is reported per key. */
  readonly key: string;
}

/**
 * pass: meets the design. fail: a finding that breaks the cluster. advice: a recommendation (SNAT headroom).
 * not-applicable: the check does not apply (a private cluster has no authorized IP ranges to check).
 */
export type CheckStatus = 'pass' | 'fail' | 'advice' | 'not-applicable';

export interface CheckResult {
  /** The check's name (kebab-case), stable. */
  readonly check: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** One sentence on why this status (also for pass and not-applicable). */
  readonly summary: string;
  readonly findings: readonly PostureFinding[];
}

export interface ClusterPosture {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly status: 'pass' | 'fail' | 'advice';
  readonly checks: readonly CheckResult[];
}

/** One posture concern. `evaluate` never throws and reads nothing but the facts. */
export interface PostureCheck {
  readonly name: string;
  readonly title: string;
  /** Every finding code this check can produce, with its fix: documented in docs/posture.md. */
  readonly codes: Readonly<Record<string, { readonly severity: PostureSeverity; readonly fix: string }>>;
  evaluate(facts: PostureFacts): Omit<CheckResult, 'check' | 'title'>;
}
