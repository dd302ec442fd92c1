import type { JsonObject, JsonValue } from '../azure/arm/armJson';

/**
 * The az CLI prints ARM resources flattened: `properties` is lifted into the resource (AAZ commands such as
 * `az network vnet list` flatten with client_flatten, SDK-based ones such as `az aks list` print the SDK model), a
 * `resourceGroup` is added, and SDK-based commands spell keys from Python names (`vnetSubnetId` for the wire's
 * `vnetSubnetID`, `privateIpAddress` for `privateIPAddress`). The drift core reads the wire shape, so an export is
 * turned back into it here. A resource that already has `properties` (az rest, az resource show) is kept as is.
 */

/** Top-level keys that stay outside `properties` on the wire, per resource kind (everything else moves in). */
const envelope = {
  resource: ['id', 'name', 'type', 'location', 'tags', 'etag', 'zones', 'extendedLocation', 'systemData'],
  subResource: ['id', 'name', 'type', 'etag'],
  publicIp: ['id', 'name', 'type', 'location', 'tags', 'etag', 'zones', 'sku', 'extendedLocation', 'systemData'],
  policy: ['id', 'name', 'type', 'location', 'tags', 'etag', 'identity', 'systemData'],
  cluster: ['id', 'name', 'type', 'location', 'tags', 'eTag', 'etag', 'sku', 'identity', 'extendedLocation', 'kind', 'systemData'],
} as const;

/** Sub-resources nested in a flattened resource, which are flattened the same way. */
interface Shape {
  readonly envelope: readonly string[];
  readonly children?: Readonly<Record<string, Shape>>;
  /** Single nested sub-resources (not arrays). */
  readonly child?: Readonly<Record<string, Shape>>;
}

const delegation: Shape = { envelope: envelope.subResource };
const subnet: Shape = { envelope: envelope.subResource, children: { delegations: delegation } };
const route: Shape = { envelope: envelope.subResource };
const ipConfiguration: Shape = { envelope: envelope.subResource };
const frontendIpConfiguration: Shape = { envelope: [...envelope.subResource, 'zones'] };

export const shapes = {
  'microsoft.network/virtualnetworks': { envelope: envelope.resource, children: { subnets: subnet } },
  'microsoft.network/routetables': { envelope: envelope.resource, children: { routes: route } },
  'microsoft.network/azurefirewalls': { envelope: envelope.resource, children: { ipConfigurations: ipConfiguration }, child: { managementIpConfiguration: ipConfiguration } },
  'microsoft.network/publicipaddresses': { envelope: envelope.publicIp },
  'microsoft.network/firewallpolicies': { envelope: envelope.policy },
  'microsoft.containerservice/managedclusters': { envelope: envelope.cluster },
  // What the cluster posture section reads besides (az network firewall policy rule-collection-group list,
  // az network ip-group show, az network lb list: AAZ commands, flattened like az network vnet list).
  'microsoft.network/firewallpolicies/rulecollectiongroups': { envelope: envelope.subResource },
  'microsoft.network/ipgroups': { envelope: envelope.resource },
  'microsoft.network/loadbalancers': { envelope: [...envelope.resource, 'sku'], children: { frontendIPConfigurations: frontendIpConfiguration } },
} as const satisfies Record<string, Shape>;

export type ReadResourceType = keyof typeof shapes;

/** Wire spellings of keys the CLI may print in another case, by lower-cased key. */
const wireKeys = new Map(
  ['privateIPAddress', 'publicIPAddress', 'vnetSubnetID', 'podSubnetID', 'hubIPAddresses', 'publicIPs', 'ipAddress', 'nextHopIpAddress', 'authorizedIPRanges', 'frontendIPConfigurations'].map((key) => [key.toLowerCase(), key]),
);

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withWireKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withWireKeys);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    copy[wireKeys.get(key.toLowerCase()) ?? key] = withWireKeys(item);
  }
  return copy;
}

function unflatten(resource: JsonObject, shape: Shape): JsonObject {
  if (isObject(resource.properties)) return resource;
  const wire: JsonObject = {};
  const properties: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    if (value === undefined || key === 'resourceGroup') continue;
    if (shape.envelope.includes(key)) wire[key] = value;
    else if (shape.children?.[key] !== undefined && Array.isArray(value)) {
      const childShape = shape.children[key]!;
      properties[key] = value.map((item) => (isObject(item) ? unflatten(item, childShape) : item));
    } else if (shape.child?.[key] !== undefined && isObject(value)) properties[key] = unflatten(value, shape.child[key]!);
    else properties[key] = value;
  }
  wire.properties = properties;
  return wire;
}

/** An exported resource of a kind the audit reads, in wire shape with wire key spellings. */
export function toWireShape(resource: JsonObject, type: ReadResourceType): JsonObject {
  const wire = unflatten(resource, shapes[type]);
  // Only inside properties: tag keys are the user's and stay as written.
  return { ...wire, properties: withWireKeys(wire.properties as JsonObject) };
}

/** The resource type, from `type` or else from the id (`.../providers/Microsoft.Network/virtualNetworks/x`). */
export function resourceTypeOf(resource: JsonObject): string | undefined {
  if (typeof resource.type === 'string' && resource.type.length > 0) return resource.type.toLowerCase();
  const match = typeof resource.id === 'string' ? /\/providers\/([^/]+)\/([^/]+)\/[^/]+$/i.exec(resource.id) : null;
  return match ? `${match[1]}/${match[2]}`.toLowerCase() : undefined;
}
