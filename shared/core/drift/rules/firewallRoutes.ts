import { desiredRoutes, routeWithPrefix, satisfies, type DesiredRoute } from '../routes';
import { toRouteUpdate } from '../toUpdateBodies';
import type { ArmRoute, ArmRouteTable } from '../../../azure/arm/armJson';
import type { DriftPolicy, Finding, ObservedSubnet } from '../types';
import type { Write } from '../writes';
import { notRepairedBecause, routeTableTarget, type RouteTableTarget } from '../routeTableTarget';
import type { DriftRule } from './rule';
import { findingOf, routableFirewall } from './rule';

interface RouteGap {
  readonly desired: DesiredRoute;
  readonly existing: ArmRoute | undefined;
}

/**
 * Desired routes the subnet's table lacks or gets wrong (see routeTableTarget). A missing guard table is the
 * subnet-route-table rule's (created complete). A table the guard does not own is held to the default route only:
 * the firewall-public-IP route is the guard's own addition, not part of what makes someone else's table compliant.
 */
function gaps(observed: ObservedSubnet, policy: DriftPolicy, which: (route: DesiredRoute) => boolean): { gaps: RouteGap[]; target: RouteTableTarget; table?: ArmRouteTable } {
  const firewall = routableFirewall(observed);
  const target = routeTableTarget(observed, policy);
  const table = target.table;
  if (firewall === undefined || table === undefined) return { gaps: [], target };
  const wanted = desiredRoutes(firewall, { firewallPublicIpRoute: target.ownedByGuard && policy.firewallPublicIpRoute }).filter(which);
  return {
    target,
    table,
    gaps: wanted
      .map((desired) => ({ desired, existing: routeWithPrefix(table, desired.addressPrefix) }))
      .filter((gap) => gap.existing === undefined || !satisfies(gap.existing, gap.desired)),
  };
}

/** Route PUTs (never a table PUT) into the subnet's table: every other route, tag and the association stay untouched. */
function routeWrites(observed: ObservedSubnet, policy: DriftPolicy, findings: readonly Finding[], which: (route: DesiredRoute) => boolean): Write[] {
  const { gaps: missing, target, table } = gaps(observed, policy, which);
  if (table === undefined || !target.writable) return [];
  const reason = findings.map((finding) => finding.code).join(',');
  return missing.map(({ desired, existing }) => ({
    kind: 'route-put' as const,
    resourceId: `${table.id}/routes/${existing?.name ?? desired.name}`,
    body: toRouteUpdate(existing, desired),
    ifMatch: existing?.etag,
    before: existing,
    reason,
  }));
}

const isDefault = (route: DesiredRoute) => route.addressPrefix === '0.0.0.0/0';
const isPublicIp = (route: DesiredRoute) => !isDefault(route);

/** 0.0.0.0/0 -> VirtualAppliance -> the firewall's current private IP, in the table the subnet uses. */
export const defaultRouteRule: DriftRule = {
  name: 'default-route',
  evaluate(observed, policy) {
    const { gaps: missing, target, table } = gaps(observed, policy, isDefault);
    return missing.map(({ desired, existing }) =>
      findingOf('default-route', observed, {
        code: existing === undefined ? 'default-route-missing' : 'default-route-wrong-next-hop',
        severity: 'error',
        message:
          (existing === undefined
            ? `Route table ${table?.name} has no 0.0.0.0/0 route to the firewall (${desired.nextHopIpAddress}).`
            : `Route ${existing.name} in table ${table?.name} sends 0.0.0.0/0 to ${existing.properties.nextHopType} ${existing.properties.nextHopIpAddress ?? ''}`.trimEnd() +
              `, not to the firewall ${desired.nextHopIpAddress}.`) + notRepairedBecause(target),
        fixable: target.writable,
        resourceId: table?.id,
      }),
    );
  },
  plan: (observed, findings, policy) => routeWrites(observed, policy, findings, isDefault),
};

/** Optional (ROUTE_FIREWALL_PUBLIC_IP_TO_INTERNET): firewall public IP/32 -> Internet, against asymmetric DNAT replies. */
export const firewallPublicIpRouteRule: DriftRule = {
  name: 'firewall-public-ip-route',
  evaluate(observed, policy) {
    const { gaps: missing, target, table } = gaps(observed, policy, isPublicIp);
    return missing.map(({ desired, existing }) =>
      findingOf('firewall-public-ip-route', observed, {
        code: existing === undefined ? 'firewall-public-ip-route-missing' : 'firewall-public-ip-route-wrong-next-hop',
        severity: 'warning',
        message: `Route table ${table?.name} needs ${desired.addressPrefix} -> Internet (firewall public IP).` + notRepairedBecause(target),
        fixable: target.writable,
        resourceId: table?.id,
      }),
    );
  },
  plan: (observed, findings, policy) => routeWrites(observed, policy, findings, isPublicIp),
};
