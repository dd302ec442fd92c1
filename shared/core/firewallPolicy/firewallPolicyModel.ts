/**
 * The ARM JSON of a firewall policy rule collection group, as far as this app reads or writes it. Source:
 * azure-rest-api-specs Microsoft.Network stable/2026-01-01 firewallPolicy.json (FirewallPolicyRuleCollectionGroup,
 * FirewallPolicyFilterRuleCollection, FirewallPolicyNatRuleCollection, ApplicationRule, NetworkRule, NatRule). Index signatures keep properties we do not model, so JSON
 * read from ARM can be written back untouched.
 */
export interface ArmApplicationProtocol {
  readonly protocolType?: string;
  readonly port?: number;
  readonly [unknownProperty: string]: unknown;
}

export interface ArmRule {
  readonly ruleType?: string;
  readonly name?: string;
  readonly description?: string;
  readonly [unknownProperty: string]: unknown;
}

export interface ArmApplicationRule extends ArmRule {
  readonly ruleType: 'ApplicationRule';
  readonly protocols?: readonly ArmApplicationProtocol[];
  readonly targetFqdns?: readonly string[];
  readonly fqdnTags?: readonly string[];
  readonly targetUrls?: readonly string[];
  readonly webCategories?: readonly string[];
  readonly sourceAddresses?: readonly string[];
  readonly sourceIpGroups?: readonly string[];
  readonly destinationAddresses?: readonly string[];
  readonly terminateTLS?: boolean;
  readonly httpHeadersToInsert?: readonly unknown[];
}

export interface ArmRuleCollection {
  readonly ruleCollectionType?: string;
  readonly name?: string;
  /** 100..65000 (spec). */
  readonly priority?: number;
  readonly action?: { readonly type?: string; readonly [unknownProperty: string]: unknown };
  readonly rules?: readonly ArmRule[];
  readonly [unknownProperty: string]: unknown;
}

export interface ArmRuleCollectionGroupProperties {
  /** 100..65000 (spec). */
  readonly priority?: number;
  readonly ruleCollections?: readonly ArmRuleCollection[];
  /** Read-only. */
  readonly provisioningState?: string;
  /** Read-only, e.g. "0.01 MB". */
  readonly size?: string;
  readonly [unknownProperty: string]: unknown;
}

export interface ArmRuleCollectionGroup {
  readonly id?: string;
  readonly name?: string;
  /** Read-only. */
  readonly etag?: string;
  /** Read-only. */
  readonly type?: string;
  readonly properties?: ArmRuleCollectionGroupProperties;
  readonly [unknownProperty: string]: unknown;
}

/** NetworkRule (same spec): layer 3/4, evaluated before every application rule. */
export interface ArmNetworkRule extends ArmRule {
  readonly ruleType: 'NetworkRule';
  /** TCP | UDP | ICMP | Any. */
  readonly ipProtocols?: readonly string[];
  readonly sourceAddresses?: readonly string[];
  readonly sourceIpGroups?: readonly string[];
  /** Addresses, CIDRs, ranges, `*` or service tags (`AzureCloud.westeurope`). */
  readonly destinationAddresses?: readonly string[];
  readonly destinationIpGroups?: readonly string[];
  /** Resolved by the firewall's DNS proxy. */
  readonly destinationFqdns?: readonly string[];
  /** `443`, `1000-2000` or `*`. */
  readonly destinationPorts?: readonly string[];
}

/** NatRule (same spec): DNAT of traffic to a firewall public IP; `translatedAddress` is where it goes. */
export interface ArmNatRule extends ArmRule {
  readonly ruleType: 'NatRule';
  readonly ipProtocols?: readonly string[];
  readonly sourceAddresses?: readonly string[];
  readonly sourceIpGroups?: readonly string[];
  readonly destinationAddresses?: readonly string[];
  readonly destinationPorts?: readonly string[];
  readonly translatedAddress?: string;
  readonly translatedPort?: string;
  readonly translatedFqdn?: string;
}

export const FILTER_RULE_COLLECTION = 'FirewallPolicyFilterRuleCollection';
export const NAT_RULE_COLLECTION = 'FirewallPolicyNatRuleCollection';
export const APPLICATION_RULE = 'ApplicationRule';
export const NETWORK_RULE = 'NetworkRule';
export const NAT_RULE = 'NatRule';

export const isApplicationRule = (rule: ArmRule): rule is ArmApplicationRule => rule.ruleType === APPLICATION_RULE;
export const isNetworkRule = (rule: ArmRule): rule is ArmNetworkRule => rule.ruleType === NETWORK_RULE;
export const isNatRule = (rule: ArmRule): rule is ArmNatRule => rule.ruleType === NAT_RULE;

/** ARM resource names compare case-insensitively. */
export const sameName = (left: string | undefined, right: string): boolean => left?.toLowerCase() === right.toLowerCase();
