import { isNatRule, NAT_RULE_COLLECTION } from './firewallPolicyModel';
import type { PolicyView } from './policyView';

export interface DnatRuleRef {
  readonly policyName: string;
  readonly groupName: string;
  readonly collectionName: string;
  readonly ruleName: string;
  /** The firewall public IP(s) the rule listens on. */
  readonly destinationAddresses: readonly string[];
  readonly translatedAddress: string;
}

/**
 * DNAT rules of the policy chain that translate inbound traffic to `address` (a load balancer frontend): the
 * firewall then answers for that frontend, so its replies return through the firewall (Microsoft's "Integrate Azure
 * Firewall with Azure Standard Load Balancer").
 */
export function dnatRulesTo(policy: PolicyView, address: string): DnatRuleRef[] {
  const wanted = address.trim().toLowerCase();
  return policy.layers.flatMap((layer) =>
    layer.groups.flatMap((group) =>
      (group.properties?.ruleCollections ?? [])
        .filter((collection) => collection.ruleCollectionType === NAT_RULE_COLLECTION)
        .flatMap((collection) =>
          (collection.rules ?? []).filter(isNatRule).flatMap((rule) =>
            rule.translatedAddress?.trim().toLowerCase() === wanted
              ? [
                  {
                    policyName: layer.policyName,
                    groupName: group.name ?? '',
                    collectionName: collection.name ?? '',
                    ruleName: rule.name ?? '',
                    destinationAddresses: rule.destinationAddresses ?? [],
                    translatedAddress: rule.translatedAddress ?? '',
                  },
                ]
              : [],
          ),
        ),
    ),
  );
}
