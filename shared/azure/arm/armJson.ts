/**
 * ARM resources exactly as they travel on the wire (`{ id, name, etag, properties: {...} }`), not the SDK's
 * flattened models. Every interface keeps an index signature: properties we do not model are still there and
 * must be written back untouched (see shared/core/drift/toUpdateBodies.ts).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export interface ArmReference extends JsonObject {
  id: string;
}

export interface ArmRoute extends JsonObject {
  id?: string;
  name: string;
  etag?: string;
  properties: JsonObject & {
    addressPrefix: string;
    nextHopType: string;
    nextHopIpAddress?: string;
  };
}

export interface ArmRouteTable extends JsonObject {
  id: string;
  name: string;
  location: string;
  etag?: string;
  tags?: Record<string, string>;
  properties?: JsonObject & {
    routes?: ArmRoute[];
    disableBgpRoutePropagation?: boolean;
    subnets?: ArmReference[];
  };
}

export interface ArmDelegation extends JsonObject {
  name?: string;
  properties?: JsonObject & { serviceName?: string };
}

export interface ArmSubnet extends JsonObject {
  id: string;
  name: string;
  etag?: string;
  properties?: JsonObject & {
    routeTable?: ArmReference;
    delegations?: ArmDelegation[];
  };
}

export interface ArmVirtualNetwork extends JsonObject {
  id: string;
  name: string;
  location: string;
  etag?: string;
  tags?: Record<string, string>;
  properties?: JsonObject & {
    dhcpOptions?: JsonObject & { dnsServers?: string[] };
    subnets?: ArmSubnet[];
  };
}

/** Deep copy through JSON: what we send must never alias what we observed. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
