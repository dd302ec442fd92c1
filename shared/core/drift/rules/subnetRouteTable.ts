import { sameArmId } from '../../../azure/arm/armId';
import { desiredRoutes } from '../routes';
import { newRouteTable, toSubnetUpdate } from '../toUpdateBodies';
import type { Write } from '../writes';
import type { DriftRule } from './rule';
import { findingOf, routableFirewall } from './rule';
import { routeTableTarget } from '../routeTableTarget';

const name = 'subnet-route-table';

/**
 * The subnet must have a route table. Desired state is what the subnet gets, not who owns the table: a table made
 * by someone else (Terraform, the az CLI, AKS for kubenet) is checked by the route rules and adopted when compliant,
 * repaired in place or only reported (see routeTableTarget). This rule asks for the guard's table only when the
 * subnet has none, or when FOREIGN_ROUTE_TABLE_ACTION=swap replaces a non-compliant foreign one (never kubenet's).
 * A swap never edits the other table (it may serve other subnets); the finding names it so its extra routes can be
 * ported, and audit mode shows this before enforce does it.
 */
export const subnetRouteTableRule: DriftRule = {
  name,
  evaluate(observed, policy) {
    const associatedId = observed.subnet.properties?.routeTable?.id;
    const ownedId = observed.ownedRouteTableId;
    const target = routeTableTarget(observed, policy);
    // The subnet keeps the table it has: owned, adopted, repaired in place or reported by the route rules.
    if (observed.associatedRouteTable !== undefined && target.foreignAction !== 'swap' && target.table === observed.associatedRouteTable) return [];
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
            message:
              observed.associatedRouteTable === undefined
                ? `Subnet ${observed.subnet.name} references route table ${associatedId}, which could not be read; enforce associates ${ownedId} instead.`
                : `Subnet ${observed.subnet.name} uses route table ${associatedId}, which is not compliant; FOREIGN_ROUTE_TABLE_ACTION=swap associates ${ownedId} instead (the other table is not changed, its extra routes stop applying to this subnet).`,
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
