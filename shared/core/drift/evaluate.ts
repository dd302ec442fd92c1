import { driftRules, type DriftRule } from './rules/registry';
import { managedResourceGroupOf } from './routeTableTarget';
import type { DriftPolicy, Finding, ObservedSubnet } from './types';
import { writeOrder, type Write } from './writes';

/** What the pure core decides for one subnet: every finding, and the writes enforce makes (none otherwise). */
export interface SubnetDecision {
  readonly findings: Finding[];
  readonly writes: Write[];
}

/**
 * Findings and writes for one subnet. Writes into an AKS node resource group are never made: Microsoft does not
 * support changing what AKS manages there (and node resource group lockdown denies it), so the findings they would
 * repair become report-only and a finding says what to fix instead.
 */
export function decideSubnet(observed: ObservedSubnet, policy: DriftPolicy, rules: readonly DriftRule[] = driftRules): SubnetDecision {
  const raw = rules.flatMap((rule) => rule.evaluate(observed, policy));
  const candidates = writesFor(observed, raw, policy, rules);
  const blocked = candidates.filter((write) => managedResourceGroupOf(write.resourceId, observed) !== undefined);
  const allowed = candidates.filter((write) => !blocked.includes(write));
  const blockedCodes = new Set(blocked.flatMap((write) => write.reason.split(',')));
  const findings = raw.map((finding) =>
    finding.fixable && blockedCodes.has(finding.code) ? { ...finding, fixable: false, message: `${finding.message} Not repaired: AKS manages that resource.` } : finding,
  );
  for (const write of blocked) {
    const group = managedResourceGroupOf(write.resourceId, observed)!.split('/').pop();
    findings.push({
      code: 'aks-managed-resource',
      rule: 'aks-node-resource-group',
      severity: 'error',
      message:
        `${write.resourceId.split('/').pop()} is in the AKS node resource group ${group}; the guard does not write there (AKS manages it and ` +
        `node resource group lockdown denies changes). Fix it at the source: use your own VNet and route table (outboundType userDefinedRouting) ` +
        `with 0.0.0.0/0 -> VirtualAppliance -> the firewall, then the guard can keep it.`,
      subnetId: observed.subnet.id,
      fixable: false,
      resourceId: write.resourceId,
    });
  }
  return { findings, writes: observed.mode.mode === 'enforce' ? allowed : [] };
}

/** Every finding for one subnet, whatever the mode: audit and exempt report what enforce would fix. */
export function evaluate(observed: ObservedSubnet, policy: DriftPolicy, rules: readonly DriftRule[] = driftRules): Finding[] {
  return decideSubnet(observed, policy, rules).findings;
}

/** The rules' writes for their fixable findings, in dependency order (table before association, VNet last). */
export function writesFor(observed: ObservedSubnet, findings: readonly Finding[], policy: DriftPolicy, rules: readonly DriftRule[] = driftRules): Write[] {
  const writes = rules.flatMap((rule) => {
    const own = findings.filter((finding) => finding.rule === rule.name && finding.fixable);
    return own.length === 0 ? [] : rule.plan(observed, own, policy);
  });
  // Array.prototype.sort is stable: writes of one kind keep their rule order.
  return writes.sort((left, right) => writeOrder[left.kind] - writeOrder[right.kind]);
}
