import { toRouteTableUpdate } from '../toUpdateBodies';
import { notRepairedBecause, routeTableTarget } from '../routeTableTarget';
import type { DriftRule } from './rule';
import { findingOf } from './rule';

const name = 'bgp-propagation';

/** BGP-learned routes (e.g. a 0.0.0.0/0 from on-premises) would compete with the UDR: propagation must be off. */
export const bgpPropagationRule: DriftRule = {
  name,
  evaluate(observed, policy) {
    const target = routeTableTarget(observed, policy);
    const table = target.table;
    if (table === undefined || table.properties?.disableBgpRoutePropagation === true) return [];
    return [
      findingOf(name, observed, {
        code: 'bgp-propagation-enabled',
        severity: 'warning',
        message: `Route table ${table.name} propagates gateway (BGP) routes; disableBgpRoutePropagation must be true.` + notRepairedBecause(target),
        fixable: target.writable,
        resourceId: table.id,
      }),
    ];
  },
  /** A table PUT that flips only the flag: every route and tag goes back exactly as read, with If-Match. */
  plan(observed, findings, policy) {
    const target = routeTableTarget(observed, policy);
    const table = target.table;
    if (table === undefined || !target.writable) return [];
    return [
      {
        kind: 'route-table-update',
        resourceId: table.id,
        body: toRouteTableUpdate(table, true),
        ifMatch: table.etag,
        before: table,
        reason: findings.map((finding) => finding.code).join(','),
      },
    ];
  },
};
