// Moved to shared/core/firewallPolicy/findExistingAllowance.ts (one evaluator of firewall policy); this path keeps old imports working.
export * from '../firewallPolicy/findExistingAllowance';
