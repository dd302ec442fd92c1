import { cloneJson, type ArmRoute, type ArmRouteTable, type ArmSubnet, type ArmVirtualNetwork, type JsonObject } from '../../azure/arm/armJson';
import type { DesiredRoute } from './routes';

/**
 * PUT bodies built from the raw JSON ARM just returned. A subnet/VNet PUT replaces the whole resource (an update
 * without `networkSecurityGroup` removes the NSG), so everything we do not own goes back exactly as read: NSG,
 * delegations, service endpoints, policies, NAT gateway, unknown future properties. Only server-computed
 * read-only fields are dropped, the same ones the SDK serializers never send.
 */
const readOnlyTopLevel = ['etag'];
const readOnlySubnetProperties = [
  'provisioningState',
  'ipConfigurations',
  'ipConfigurationProfiles',
  'privateEndpoints',
  'resourceNavigationLinks',
  'serviceAssociationLinks',
  'purpose',
];
const readOnlyRouteProperties = ['provisioningState', 'hasBgpOverride'];

function withoutKeys<T extends JsonObject>(value: T, keys: readonly string[]): T {
  const copy = cloneJson(value);
  for (const key of keys) delete copy[key];
  return copy;
}

function propertiesOf(resource: JsonObject): JsonObject {
  const properties = resource.properties;
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? properties : {};
}

/** The subnet as it goes back in a PUT: server-computed fields dropped, everything else exactly as read. */
export function toSubnetBody(subnet: ArmSubnet | JsonObject): JsonObject {
  const body = withoutKeys(subnet, readOnlyTopLevel);
  body.properties = withoutKeys(propertiesOf(body), readOnlySubnetProperties);
  return body;
}

/** Subnet PUT body that associates `routeTableId`; nothing else changes. */
export function toSubnetUpdate(subnet: ArmSubnet, routeTableId: string): JsonObject {
  const body = toSubnetBody(subnet);
  propertiesOf(body).routeTable = { id: routeTableId };
  return body;
}

/**
 * VNet PUT body carrying every subnet the VNet has, each exactly as read except those in `replacements` (subnet
 * PUT bodies by lower-cased subnet id). Unlike toVirtualNetworkUpdate it must list all subnets (an omitted one would
 * be deleted), so it is only sent with If-Match on the etag read with `vnet`: any subnet change since refuses it.
 */
export function toVirtualNetworkWithSubnets(vnet: ArmVirtualNetwork, replacements: ReadonlyMap<string, JsonObject>): JsonObject {
  const body = withoutKeys(vnet, readOnlyTopLevel);
  const properties = withoutKeys(propertiesOf(body), ['provisioningState', 'resourceGuid']);
  const subnets = Array.isArray(properties.subnets) ? properties.subnets : [];
  properties.subnets = subnets.map((subnet) => {
    const read = typeof subnet === 'object' && subnet !== null && !Array.isArray(subnet) ? subnet : {};
    const id = typeof read.id === 'string' ? read.id.toLowerCase() : '';
    return replacements.get(id) ?? toSubnetBody(read);
  });
  body.properties = properties;
  return body;
}

/**
 * VNet PUT body that sets `dhcpOptions.dnsServers`. `subnets` is left out on purpose: since api-version
 * 2023-11-01 an absent `subnets` leaves the existing subnets untouched, while sending the list read earlier
 * would race with subnet writes (an omitted subnet is deleted). Peerings and everything else go back as read.
 */
export function toVirtualNetworkUpdate(vnet: ArmVirtualNetwork, dnsServers: readonly string[]): JsonObject {
  const body = withoutKeys(vnet, readOnlyTopLevel);
  const properties = withoutKeys(propertiesOf(body), ['provisioningState', 'resourceGuid', 'subnets']);
  const dhcpOptions = propertiesOf({ properties: properties.dhcpOptions ?? {} });
  properties.dhcpOptions = { ...dhcpOptions, dnsServers: [...dnsServers] };
  body.properties = properties;
  return body;
}

function toRouteBody(route: ArmRoute): JsonObject {
  const body: JsonObject = withoutKeys(route, readOnlyTopLevel);
  body.properties = withoutKeys(propertiesOf(body), readOnlyRouteProperties);
  return body;
}

/** Route table PUT body changing only `disableBgpRoutePropagation`; inline routes are authoritative, so all go back. */
export function toRouteTableUpdate(table: ArmRouteTable, disableBgpRoutePropagation: boolean): JsonObject {
  const body = withoutKeys(table, readOnlyTopLevel);
  const properties = withoutKeys(propertiesOf(body), ['provisioningState', 'resourceGuid', 'subnets']);
  properties.disableBgpRoutePropagation = disableBgpRoutePropagation;
  if (Array.isArray(table.properties?.routes)) properties.routes = table.properties.routes.map(toRouteBody);
  body.properties = properties;
  return body;
}

/** Route PUT body: the existing route with its next hop corrected, or a new route. */
export function toRouteUpdate(existing: ArmRoute | undefined, desired: DesiredRoute): JsonObject {
  const body = existing === undefined ? { properties: {} as JsonObject } : toRouteBody(existing);
  const properties = propertiesOf(body);
  if (existing === undefined) properties.addressPrefix = desired.addressPrefix;
  properties.nextHopType = desired.nextHopType;
  if (desired.nextHopIpAddress === undefined) delete properties.nextHopIpAddress;
  else properties.nextHopIpAddress = desired.nextHopIpAddress;
  body.properties = properties;
  return body;
}

export const managedByTag = 'egress-guard-managed';

/** Body of a per-VNet route table the app creates, complete with its routes (one PUT, no follow-up writes). */
export function newRouteTable(location: string, routes: readonly DesiredRoute[]): JsonObject {
  return {
    location,
    tags: { [managedByTag]: 'true' },
    properties: {
      disableBgpRoutePropagation: true,
      routes: routes.map((route) => ({ name: route.name, ...toRouteUpdate(undefined, route) })),
    },
  };
}
