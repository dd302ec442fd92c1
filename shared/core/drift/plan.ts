import { driftRules, type DriftRule } from './rules/registry';
import type { DriftPolicy, Finding, ObservedSubnet } from './types';
import { writeOrder, type Write } from './writes';

/**
 * The ARM writes that repair the fixable findings, in dependency order (table before association, VNet last).
 * Empty when compliant, and always empty outside enforce mode.
 */
export function plan(
  observed: ObservedSubnet,
  findings: readonly Finding[],
  policy: DriftPolicy,
  rules: readonly DriftRule[] = driftRules,
): Write[] {
  if (observed.mode.mode !== 'enforce') return [];
  const writes = rules.flatMap((rule) => {
    const own = findings.filter((finding) => finding.rule === rule.name && finding.fixable);
    return own.length === 0 ? [] : rule.plan(observed, own, policy);
  });
  // Array.prototype.sort is stable: writes of one kind keep their rule order.
  return writes.sort((left, right) => writeOrder[left.kind] - writeOrder[right.kind]);
}

/** Writes that may go out together: at most one per route table and one per VNet (subnets share the VNet's etag). */
export function independentWrites(writes: readonly Write[]): Write[] {
  const taken = new Set<string>();
  return writes.filter((write) => {
    const family = etagFamilyOf(write);
    if (taken.has(family)) return false;
    taken.add(family);
    return true;
  });
}

/** Writes in one family share an etag: any of them changes the etag the others must match. */
export function etagFamilyOf(write: Write): string {
  const id = write.resourceId.toLowerCase();
  switch (write.kind) {
    case 'route-put':
    case 'route-delete':
      return id.replace(/\/routes\/[^/]+$/, '');
    case 'subnet-put':
      return id.replace(/\/subnets\/[^/]+$/, '');
    default:
      return id;
  }
}
