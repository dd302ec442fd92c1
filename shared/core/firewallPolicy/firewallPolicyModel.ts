/**
 * The ARM JSON of a firewall policy rule collection group, as far as this app reads or writes it. Source:
 * azure-rest-api-specs Microsoft.Network stable/2026-01-01 firewallPolicy.json (FirewallPolicyRuleCollectionGroup,
 * FirewallPolicyFilterRuleCollection, ApplicationRule). Index signatures keep properties we do not model, so JSON
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

export const FILTER_RULE_COLLECTION = 'FirewallPolicyFilterRuleCollection';
export const APPLICATION_RULE = 'ApplicationRule';

export const isApplicationRule = (rule: ArmRule): rule is ArmApplicationRule => rule.ruleType === APPLICATION_RULE;

/** ARM resource names compare case-insensitively. */
export const sameName = (left: string | undefined, right: string): boolean => left?.toLowerCase() === right.toLowerCase();
