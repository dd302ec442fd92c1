import { toRouteTableUpdate } from '../toUpdateBodies';
import type { DriftRule } from './rule';
import { findingOf } from './rule';

const name = 'bgp-propagation';

/** BGP-learned routes (e.g. a 0.0.0.0/0 from on-premises) would compete with the UDR: propagation must be off. */
export const bgpPropagationRule: DriftRule = {
  name,
  evaluate(observed) {
    const table = observed.ownedRouteTable;
    if (table === undefined || table.properties?.disableBgpRoutePropagation === true) return [];
    return [
      findingOf(name, observed, {
        code: 'bgp-propagation-enabled',
        severity: 'warning',
        message: `Route table ${table.name} propagates gateway (BGP) routes; disableBgpRoutePropagation must be true.`,
        fixable: true,
        resourceId: table.id,
      }),
    ];
  },
  plan(observed, findings) {
    const table = observed.ownedRouteTable;
    if (table === undefined) return [];
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
