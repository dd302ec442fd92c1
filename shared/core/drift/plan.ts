import { driftRules, type DriftRule } from './rules/registry';
import { writesFor } from './evaluate';
import { managedResourceGroupOf } from './routeTableTarget';
import type { DriftPolicy, Finding, ObservedSubnet } from './types';
import type { Write } from './writes';

/**
 * The ARM writes that repair the fixable findings, in dependency order (table before association, VNet last).
 * Empty when compliant, and always empty outside enforce mode; never a write into an AKS node resource group.
 */
export function plan(
  observed: ObservedSubnet,
  findings: readonly Finding[],
  policy: DriftPolicy,
  rules: readonly DriftRule[] = driftRules,
): Write[] {
  if (observed.mode.mode !== 'enforce') return [];
  return writesFor(observed, findings, policy, rules).filter((write) => managedResourceGroupOf(write.resourceId, observed) === undefined);
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
