import type { Settings } from '../../config/settings';
import type { ArmRouteTable, ArmSubnet, ArmVirtualNetwork } from '../../azure/arm/armJson';

/** The settings the drift core reads (a subset of `Settings`, so tests can build it by hand). */
export type DriftPolicy = Pick<
  Settings,
  | 'mode'
  | 'aksSubnetPatterns'
  | 'routeTableStrategy'
  | 'sharedRouteTableIds'
  | 'routeTableNamePattern'
  | 'firewallPublicIpRoute'
  | 'removeBypassRoutes'
  | 'foreignRouteTableAction'
>;

export type GuardMode = 'audit' | 'enforce' | 'exempt';

export interface EffectiveMode {
  readonly mode: GuardMode;
  /** Where the mode came from, for messages: the app setting, the VNet tag, or an exemption that ran out. */
  readonly source: 'setting' | 'tag' | 'expired-exemption' | 'invalid-tag';
  readonly exemptUntil?: string;
}

/** What we need to know about the firewall of the VNet's region, read live each time. */
export interface FirewallFacts {
  readonly id: string;
  readonly location: string;
  /** ipConfigurations[0].privateIPAddress, or hubIPAddresses.privateIPAddress for a secured virtual hub. */
  readonly privateIp: string | undefined;
  readonly publicIps: readonly string[];
  /** undefined: unknown (no policy attached and no classic DNS setting, or the policy could not be read). */
  readonly dnsProxyEnabled: boolean | undefined;
}

export interface ClusterFacts {
  readonly id: string;
  readonly name: string;
  /** networkProfile.outboundType; AKS defaults to loadBalancer when absent. */
  readonly outboundType: string | undefined;
  /** vnetSubnetID and podSubnetID of every agent pool. */
  readonly subnetIds: readonly string[];
  /** networkProfile.networkPlugin (`kubenet`, `azure`, `none`); undefined when absent. */
  readonly networkPlugin?: string;
  /** networkProfile.podCidr (kubenet: the range AKS writes pod routes for). */
  readonly podCidr?: string;
  /** properties.nodeResourceGroup: the resource group AKS manages (never written by the guard). */
  readonly nodeResourceGroup?: string;
}

/**
 * Everything `evaluate` and `plan` look at for one subnet. Raw ARM JSON (as just read) is kept because writes
 * are built from it: see toUpdateBodies.ts.
 */
export interface ObservedSubnet {
  readonly subnet: ArmSubnet;
  readonly vnet: ArmVirtualNetwork;
  /** The table the subnet references now; undefined when it has none or the reference points at nothing. */
  readonly associatedRouteTable: ArmRouteTable | undefined;
  /** Where the table the app owns for this subnet is or would be created; undefined: none configured. */
  readonly ownedRouteTableId: string | undefined;
  /** The owned table as read; undefined when it does not exist (yet). */
  readonly ownedRouteTable: ArmRouteTable | undefined;
  /** undefined: FIREWALL_RESOURCE_IDS has no firewall in the VNet's region. */
  readonly firewall: FirewallFacts | undefined;
  /** Clusters whose agent pools use this subnet. */
  readonly clusters: readonly ClusterFacts[];
  readonly mode: EffectiveMode;
  /**
   * Resource group ids (`/subscriptions/<s>/resourceGroups/<rg>`) of every AKS node resource group in the subnet's
   * subscription: AKS manages what is in them, so the guard never writes there. Absent: none known.
   */
  readonly managedResourceGroupIds?: readonly string[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable kebab-case identifier, e.g. `default-route-missing`. Alerting and tests key on it. */
  readonly code: string;
  /** Name of the rule that produced it. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly subnetId: string;
  /** true when `plan` can repair it in enforce mode (possibly gated by a setting, e.g. REMOVE_BYPASS_ROUTES). */
  readonly fixable: boolean;
  /** The resource the finding is about when it is not the subnet (route, route table, VNet, cluster). */
  readonly resourceId?: string;
}
