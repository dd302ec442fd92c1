// Moved to shared/core/firewallPolicy/firewallPolicyModel.ts (one evaluator of firewall policy); this path keeps old imports working.
export * from '../firewallPolicy/firewallPolicyModel';
