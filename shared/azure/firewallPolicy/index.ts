export { createFirewallPolicyAdapter, type FirewallPolicyAdapter } from './firewallPolicyAdapter';
export { resolveFirewallPolicyId, type PolicyTargetSettings } from './resolvePolicyId';
export { readRuleSourceFacts, type RuleSourceFacts, type RuleSourceSettings } from './ruleSources';
