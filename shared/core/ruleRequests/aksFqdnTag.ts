// Moved to shared/core/firewallPolicy/aksFqdnTag.ts (one evaluator of firewall policy); this path keeps old imports working.
export * from '../firewallPolicy/aksFqdnTag';
