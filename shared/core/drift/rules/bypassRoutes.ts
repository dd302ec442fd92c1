import { sameArmId } from '../armId';
import type { ArmRouteTable } from '../armJson';
import { bypassReason, defaultPrefix, normalizePrefix, pointsToFirewall, routesOf } from '../routes';
import type { ObservedSubnet } from '../types';
import type { DriftRule } from './rule';
import { findingOf } from './rule';

const name = 'bypass-routes';

/** Tables whose routes apply to the subnet now or will once the plan runs. */
function tablesInScope(observed: ObservedSubnet): ArmRouteTable[] {
  const tables: ArmRouteTable[] = [];
  if (observed.ownedRouteTable !== undefined) tables.push(observed.ownedRouteTable);
  const associated = observed.associatedRouteTable;
  if (associated !== undefined && !sameArmId(associated.id, observed.ownedRouteTableId)) tables.push(associated);
  return tables;
}

/**
 * Routes that send traffic around the firewall. In the owned table they are deleted only with
 * REMOVE_BYPASS_ROUTES=true; in a foreign table they are reported (the swap to the owned table ends them).
 * A 0.0.0.0/0 in the owned table is the default-route rule's to correct; in a foreign table one that does not go
 * to the firewall is a bypass.
 */
export const bypassRoutesRule: DriftRule = {
  name,
  evaluate(observed, policy) {
    return tablesInScope(observed).flatMap((table) => {
      const owned = sameArmId(table.id, observed.ownedRouteTableId);
      return routesOf(table).flatMap((route) => {
        const foreignDefault =
          !owned &&
          normalizePrefix(route.properties.addressPrefix) === defaultPrefix &&
          (observed.firewall?.privateIp === undefined || !pointsToFirewall(route, observed.firewall.privateIp));
        const why = foreignDefault ? `0.0.0.0/0 goes to ${route.properties.nextHopType} ${route.properties.nextHopIpAddress ?? ''}`.trimEnd() + ', not the firewall' : bypassReason(route, observed.firewall);
        if (why === undefined) return [];
        return [
          findingOf(name, observed, {
            code: 'bypass-route',
            severity: 'error',
            message: `Route ${route.name} in table ${table.name}: ${why}.${owned && !policy.removeBypassRoutes ? ' Set REMOVE_BYPASS_ROUTES=true to delete it.' : ''}`,
            fixable: owned && policy.removeBypassRoutes,
            resourceId: `${table.id}/routes/${route.name}`,
          }),
        ];
      });
    });
  },
  plan(observed, findings) {
    const table = observed.ownedRouteTable;
    if (table === undefined) return [];
    return findings.flatMap((finding) => {
      const route = routesOf(table).find((candidate) => sameArmId(`${table.id}/routes/${candidate.name}`, finding.resourceId));
      return route === undefined
        ? []
        : [{ kind: 'route-delete' as const, resourceId: `${table.id}/routes/${route.name}`, ifMatch: route.etag, before: route, reason: finding.code }];
    });
  },
};
