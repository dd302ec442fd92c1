import { desiredRoutes, routeWithPrefix, satisfies, type DesiredRoute } from '../routes';
import { toRouteUpdate } from '../toUpdateBodies';
import type { ArmRoute } from '../armJson';
import type { DriftPolicy, Finding, ObservedSubnet } from '../types';
import type { Write } from '../writes';
import type { DriftRule } from './rule';
import { findingOf, routableFirewall } from './rule';

interface RouteGap {
  readonly desired: DesiredRoute;
  readonly existing: ArmRoute | undefined;
}

/** Desired routes the owned table lacks or gets wrong. A missing table is the subnet-route-table rule's (created complete). */
function gaps(observed: ObservedSubnet, policy: DriftPolicy, which: (route: DesiredRoute) => boolean): RouteGap[] {
  const firewall = routableFirewall(observed);
  const table = observed.ownedRouteTable;
  if (firewall === undefined || table === undefined) return [];
  return desiredRoutes(firewall, policy)
    .filter(which)
    .map((desired) => ({ desired, existing: routeWithPrefix(table, desired.addressPrefix) }))
    .filter((gap) => gap.existing === undefined || !satisfies(gap.existing, gap.desired));
}

/** Route PUTs (not a table PUT) into the owned table: other routes and the association stay untouched. */
function routeWrites(observed: ObservedSubnet, policy: DriftPolicy, findings: readonly Finding[], which: (route: DesiredRoute) => boolean): Write[] {
  const table = observed.ownedRouteTable;
  if (table === undefined) return [];
  const reason = findings.map((finding) => finding.code).join(',');
  return gaps(observed, policy, which).map(({ desired, existing }) => ({
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

/** 0.0.0.0/0 -> VirtualAppliance -> the firewall's current private IP, in the owned table. */
export const defaultRouteRule: DriftRule = {
  name: 'default-route',
  evaluate(observed, policy) {
    return gaps(observed, policy, isDefault).map(({ desired, existing }) =>
      findingOf('default-route', observed, {
        code: existing === undefined ? 'default-route-missing' : 'default-route-wrong-next-hop',
        severity: 'error',
        message:
          existing === undefined
            ? `Route table ${observed.ownedRouteTable?.name} has no 0.0.0.0/0 route to the firewall (${desired.nextHopIpAddress}).`
            : `Route ${existing.name} sends 0.0.0.0/0 to ${existing.properties.nextHopType} ${existing.properties.nextHopIpAddress ?? ''}`.trimEnd() +
              `, not to the firewall ${desired.nextHopIpAddress}.`,
        fixable: true,
        resourceId: observed.ownedRouteTable?.id,
      }),
    );
  },
  plan: (observed, findings, policy) => routeWrites(observed, policy, findings, isDefault),
};

/** Optional (ROUTE_FIREWALL_PUBLIC_IP_TO_INTERNET): firewall public IP/32 -> Internet, against asymmetric DNAT replies. */
export const firewallPublicIpRouteRule: DriftRule = {
  name: 'firewall-public-ip-route',
  evaluate(observed, policy) {
    return gaps(observed, policy, isPublicIp).map(({ desired, existing }) =>
      findingOf('firewall-public-ip-route', observed, {
        code: existing === undefined ? 'firewall-public-ip-route-missing' : 'firewall-public-ip-route-wrong-next-hop',
        severity: 'warning',
        message: `Route table ${observed.ownedRouteTable?.name} needs ${desired.addressPrefix} -> Internet (firewall public IP).`,
        fixable: true,
        resourceId: observed.ownedRouteTable?.id,
      }),
    );
  },
  plan: (observed, findings, policy) => routeWrites(observed, policy, findings, isPublicIp),
};
