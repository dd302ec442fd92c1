import { sameArmId } from '../armId';
import { desiredRoutes } from '../routes';
import { newRouteTable, toSubnetUpdate } from '../toUpdateBodies';
import type { Write } from '../writes';
import type { DriftRule } from './rule';
import { findingOf, routableFirewall } from './rule';

const name = 'subnet-route-table';

/**
 * The subnet must use the table the app owns (the shared table of its region, or the per-VNet table).
 *
 * Decision for a subnet using SOME OTHER table: we swap the association to ours and never edit the other table.
 * That table may serve subnets we do not guard, or belong to another team; editing it would change their routing.
 * The swap drops whatever extra routes it had (e.g. on-premises prefixes); the finding names it so operators can
 * port those routes into the owned table, and audit mode shows this before enforce does it.
 */
export const subnetRouteTableRule: DriftRule = {
  name,
  evaluate(observed, policy) {
    const associatedId = observed.subnet.properties?.routeTable?.id;
    const ownedId = observed.ownedRouteTableId;
    if (ownedId === undefined) {
      return [
        findingOf(name, observed, {
          code: 'owned-route-table-not-configured',
          severity: 'error',
          message: `SHARED_ROUTE_TABLE_IDS has no route table in region ${observed.vnet.location}; subnet ${observed.subnet.name} cannot be associated.`,
          fixable: false,
        }),
      ];
    }
    if (sameArmId(associatedId, ownedId)) return [];
    const ownedMissing = observed.ownedRouteTable === undefined;
    const sharedMissing = ownedMissing && policy.routeTableStrategy === 'shared';
    // Creating the per-VNet table needs the firewall IP for its routes.
    const fixable = !sharedMissing && (!ownedMissing || routableFirewall(observed) !== undefined);
    const findings = [
      associatedId === undefined
        ? findingOf(name, observed, {
            code: 'route-table-missing',
            severity: 'error',
            message: `Subnet ${observed.subnet.name} has no route table: its egress bypasses the firewall.`,
            fixable,
          })
        : findingOf(name, observed, {
            code: 'route-table-foreign',
            severity: 'error',
            message: `Subnet ${observed.subnet.name} uses route table ${associatedId} instead of ${ownedId}; enforce swaps it (the other table is not changed, its extra routes stop applying to this subnet).`,
            fixable,
            resourceId: associatedId,
          }),
    ];
    if (sharedMissing) {
      findings.push(
        findingOf(name, observed, {
          code: 'owned-route-table-not-found',
          severity: 'error',
          message: `The shared route table ${ownedId} does not exist; the app never creates shared tables.`,
          fixable: false,
          resourceId: ownedId,
        }),
      );
    }
    return findings;
  },
  plan(observed, findings, policy) {
    const ownedId = observed.ownedRouteTableId;
    if (ownedId === undefined) return [];
    const reason = findings.map((finding) => finding.code).join(',');
    const writes: Write[] = [];
    if (observed.ownedRouteTable === undefined) {
      const firewall = routableFirewall(observed);
      if (policy.routeTableStrategy !== 'per-vnet' || firewall === undefined) return [];
      writes.push({
        kind: 'route-table-create',
        resourceId: ownedId,
        body: newRouteTable(observed.vnet.location, desiredRoutes(firewall, policy)),
        reason,
      });
    }
    writes.push({
      kind: 'subnet-put',
      resourceId: observed.subnet.id,
      body: toSubnetUpdate(observed.subnet, ownedId),
      ifMatch: observed.subnet.etag,
      before: observed.subnet,
      reason,
    });
    return writes;
  },
};
