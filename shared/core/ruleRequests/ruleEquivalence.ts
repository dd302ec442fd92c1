import type { ArmApplicationRule, ArmRule } from '../firewallPolicy/firewallPolicyModel';
import { isApplicationRule } from '../firewallPolicy/firewallPolicyModel';

/**
 * Is the rule read from ARM the same, in everything we own, as the rule we would write? Order and case of lists do
 * not matter, and the empty lists and `terminateTLS: false` that ARM echoes back count as absent: otherwise every
 * read would look changed and every sweep would write (the controller-runtime "defaulted fields" trap).
 */
export function sameOwnedRule(current: ArmRule, desired: ArmApplicationRule): boolean {
  if (!isApplicationRule(current)) return false;
  const setOf = (values: readonly string[] | undefined) => JSON.stringify([...new Set((values ?? []).map((v) => v.toLowerCase()))].sort());
  const protocolsOf = (rule: ArmApplicationRule) =>
    setOf((rule.protocols ?? []).map((protocol) => `${protocol.protocolType ?? ''}:${protocol.port ?? ''}`));
  const emptyLists = ['fqdnTags', 'targetUrls', 'webCategories', 'sourceIpGroups', 'destinationAddresses', 'httpHeadersToInsert'] as const;
  return (
    (current.description ?? '') === (desired.description ?? '') &&
    protocolsOf(current) === protocolsOf(desired) &&
    setOf(current.targetFqdns) === setOf(desired.targetFqdns) &&
    setOf(current.sourceAddresses) === setOf(desired.sourceAddresses) &&
    emptyLists.every((key) => (current[key] ?? []).length === 0) &&
    current.terminateTLS !== true
  );
}
