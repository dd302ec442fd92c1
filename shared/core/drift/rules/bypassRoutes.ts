import { sameArmId } from '../../../azure/arm/armId';
import type { ArmRouteTable } from '../../../azure/arm/armJson';
import { bypassReason, defaultPrefix, normalizePrefix, pointsToFirewall, routesOf } from '../routes';
import { isPodRoute, notRepairedBecause, routeTableTarget } from '../routeTableTarget';
import type { DriftRule } from './rule';
import { findingOf } from './rule';

const name = 'bypass-routes';

/**
 * Routes that send traffic around the firewall. In the table the subnet uses (see routeTableTarget) they are deleted
 * only with REMOVE_BYPASS_ROUTES=true and when the guard may write the table; otherwise reported. A foreign table
 * being swapped away is reported (the swap ends them); there a 0.0.0.0/0 that does not go to the firewall is a
 * bypass too. AKS's kubenet pod routes (pod CIDR -> node IP) are classified as such and never touched.
 */
export const bypassRoutesRule: DriftRule = {
  name,
  evaluate(observed, policy) {
    const target = routeTableTarget(observed, policy);
    const tables: { table: ArmRouteTable; isTarget: boolean }[] = [];
    if (target.table !== undefined) tables.push({ table: target.table, isTarget: true });
    const associated = observed.associatedRouteTable;
    if (associated !== undefined && !sameArmId(associated.id, target.table?.id)) tables.push({ table: associated, isTarget: false });
    return tables.flatMap(({ table, isTarget }) =>
      routesOf(table).flatMap((route) => {
        if (isPodRoute(route, observed)) return [];
        const replacedDefault =
          !isTarget &&
          normalizePrefix(route.properties.addressPrefix) === defaultPrefix &&
          (observed.firewall?.privateIp === undefined || !pointsToFirewall(route, observed.firewall.privateIp));
        const why = replacedDefault ? `0.0.0.0/0 goes to ${route.properties.nextHopType} ${route.properties.nextHopIpAddress ?? ''}`.trimEnd() + ', not the firewall' : bypassReason(route, observed.firewall);
        if (why === undefined) return [];
        const removable = isTarget && target.writable;
        const hint = !isTarget ? '' : !target.writable ? notRepairedBecause(target) : policy.removeBypassRoutes ? '' : ' Set REMOVE_BYPASS_ROUTES=true to delete it.';
        return [
          findingOf(name, observed, {
            code: 'bypass-route',
            severity: 'error',
            message: `Route ${route.name} in table ${table.name}: ${why}.${hint}`,
            fixable: removable && policy.removeBypassRoutes,
            resourceId: `${table.id}/routes/${route.name}`,
          }),
        ];
      }),
    );
  },
  plan(observed, findings, policy) {
    const target = routeTableTarget(observed, policy);
    const table = target.table;
    if (table === undefined || !target.writable) return [];
    return findings.flatMap((finding) => {
      const route = routesOf(table).find((candidate) => sameArmId(`${table.id}/routes/${candidate.name}`, finding.resourceId));
      return route === undefined
        ? []
        : [{ kind: 'route-delete' as const, resourceId: `${table.id}/routes/${route.name}`, ifMatch: route.etag, before: route, reason: finding.code }];
    });
  },
};
