import ipaddr from 'ipaddr.js';
import type { ArmRoute, ArmRouteTable } from '../../azure/arm/armJson';
import type { DriftPolicy, FirewallFacts } from './types';

export const defaultPrefix = '0.0.0.0/0';
/** The two halves people add to beat a 0.0.0.0/0 UDR by longest-prefix match. */
export const splitDefaultPrefixes: readonly string[] = ['0.0.0.0/1', '128.0.0.0/1'];

/** Deterministic names: a second create finds the route instead of adding a duplicate. */
export const defaultRouteName = 'egress-guard-default';
export function firewallPublicIpRouteName(ip: string): string {
  return `egress-guard-firewall-pip-${ip.replace(/[.:]/g, '-')}`;
}

/** Canonical text of a CIDR (`10.0.0.0/08` -> `10.0.0.0/8`); service tags and junk come back unchanged. */
export function normalizePrefix(prefix: string): string {
  try {
    const [address, length] = ipaddr.parseCIDR(prefix.trim());
    return `${address.toString()}/${length}`;
  } catch {
    return prefix.trim();
  }
}

export function sameIp(left: string | undefined, right: string | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  try {
    return ipaddr.parse(left.trim()).toString() === ipaddr.parse(right.trim()).toString();
  } catch {
    return left.trim() === right.trim();
  }
}

export function routesOf(table: ArmRouteTable | undefined): ArmRoute[] {
  return table?.properties?.routes ?? [];
}

export function routeWithPrefix(table: ArmRouteTable | undefined, prefix: string): ArmRoute | undefined {
  const wanted = normalizePrefix(prefix);
  return routesOf(table).find((route) => normalizePrefix(route.properties.addressPrefix) === wanted);
}

function hopIs(route: ArmRoute, type: string): boolean {
  return route.properties.nextHopType.toLowerCase() === type.toLowerCase();
}

export function pointsToFirewall(route: ArmRoute, firewallPrivateIp: string): boolean {
  return hopIs(route, 'VirtualAppliance') && sameIp(route.properties.nextHopIpAddress, firewallPrivateIp);
}

export function firewallPublicIpPrefixes(firewall: FirewallFacts): string[] {
  return firewall.publicIps.map((ip) => normalizePrefix(`${ip}/32`));
}

/** Why a route sends traffic around the firewall, or undefined. The 0.0.0.0/0 route itself is the default-route rule's. */
export function bypassReason(route: ArmRoute, firewall: FirewallFacts | undefined): string | undefined {
  const prefix = normalizePrefix(route.properties.addressPrefix);
  if (prefix === defaultPrefix) return undefined;
  if (splitDefaultPrefixes.includes(prefix)) {
    if (firewall?.privateIp !== undefined && pointsToFirewall(route, firewall.privateIp)) return undefined;
    return `${prefix} is half of a split default route that is more specific than 0.0.0.0/0 and does not go to the firewall`;
  }
  if (hopIs(route, 'Internet')) {
    if (firewall !== undefined && firewallPublicIpPrefixes(firewall).includes(prefix)) return undefined;
    return `${route.properties.addressPrefix} goes straight to the Internet`;
  }
  return undefined;
}

export interface DesiredRoute {
  readonly name: string;
  readonly addressPrefix: string;
  readonly nextHopType: 'VirtualAppliance' | 'Internet';
  readonly nextHopIpAddress?: string;
}

/** The routes every owned table needs: default via the firewall, and optionally firewall public IP/32 -> Internet. */
export function desiredRoutes(firewall: FirewallFacts & { privateIp: string }, policy: Pick<DriftPolicy, 'firewallPublicIpRoute'>): DesiredRoute[] {
  const routes: DesiredRoute[] = [
    { name: defaultRouteName, addressPrefix: defaultPrefix, nextHopType: 'VirtualAppliance', nextHopIpAddress: firewall.privateIp },
  ];
  if (policy.firewallPublicIpRoute) {
    for (const ip of firewall.publicIps) {
      routes.push({ name: firewallPublicIpRouteName(ip), addressPrefix: `${ip}/32`, nextHopType: 'Internet' });
    }
  }
  return routes;
}

export function satisfies(route: ArmRoute, desired: DesiredRoute): boolean {
  return (
    hopIs(route, desired.nextHopType) &&
    (desired.nextHopIpAddress === undefined || sameIp(route.properties.nextHopIpAddress, desired.nextHopIpAddress))
  );
}
