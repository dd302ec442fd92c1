/** Parsing of ARM request paths into what they address. ARM paths are case-insensitive; keys are lower-cased ids. */

export type ArmPath =
  | { kind: 'resourceGroupList'; subscriptionId: string }
  | { kind: 'resourceGroup'; subscriptionId: string; resourceGroup: string }
  | { kind: 'resource'; scope: ResourceScope; names: string[] }
  | { kind: 'collection'; scope: ResourceScope; names: string[]; resourceGroup?: string }
  | { kind: 'operation'; subscriptionId: string; namespace: string; location: string; operationId: string; isResult: boolean };

/** A provider resource: `names.length === types.length` for an item, one less for a collection. */
export interface ResourceScope {
  subscriptionId: string;
  resourceGroup?: string;
  namespace: string;
  types: string[];
}

export function parseArmPath(pathname: string): ArmPath | undefined {
  const parts = pathname.split('/').filter((part) => part.length > 0).map(decodeURIComponent);
  const lower = parts.map((part) => part.toLowerCase());
  if (lower[0] !== 'subscriptions' || parts[1] === undefined) return undefined;
  const subscriptionId = parts[1];

  if (lower[2] === 'resourcegroups') {
    if (parts.length === 3) return { kind: 'resourceGroupList', subscriptionId };
    const resourceGroup = parts[3] as string;
    if (parts.length === 4) return { kind: 'resourceGroup', subscriptionId, resourceGroup };
    if (lower[4] !== 'providers' || parts.length < 7) return undefined;
    return providerPath(subscriptionId, resourceGroup, parts.slice(5));
  }
  if (lower[2] === 'providers' && parts.length >= 5) {
    const [namespace, first, location, opKind, operationId] = parts.slice(3);
    const opKindLower = opKind?.toLowerCase();
    if (
      first?.toLowerCase() === 'locations' && location && operationId && parts.length === 8 &&
      (opKindLower === 'operations' || opKindLower === 'operationresults')
    ) {
      return { kind: 'operation', subscriptionId, namespace: namespace as string, location, operationId, isResult: opKindLower === 'operationresults' };
    }
    const path = providerPath(subscriptionId, undefined, parts.slice(3));
    // Subscription scope only lists top-level types (e.g. /providers/Microsoft.Network/virtualNetworks).
    return path?.kind === 'collection' && path.scope.types.length === 1 ? path : undefined;
  }
  return undefined;
}

function providerPath(subscriptionId: string, resourceGroup: string | undefined, rest: string[]): ArmPath | undefined {
  const [namespace, ...typeNamePairs] = rest;
  if (!namespace || typeNamePairs.length === 0) return undefined;
  const types = typeNamePairs.filter((_, index) => index % 2 === 0);
  const names = typeNamePairs.filter((_, index) => index % 2 === 1);
  const scope: ResourceScope = { subscriptionId, namespace, types };
  if (resourceGroup !== undefined) scope.resourceGroup = resourceGroup;
  return names.length === types.length ? { kind: 'resource', scope, names } : { kind: 'collection', scope, names };
}

/** `Microsoft.Network/virtualNetworks/subnets` as written in the path (callers canonicalise casing). */
export function resourceTypeOf(scope: ResourceScope): string {
  return [scope.namespace, ...scope.types].join('/');
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** Builds a resource id; `types` are canonical type segments (without the namespace). */
export function buildResourceId(subscriptionId: string, resourceGroup: string, namespace: string, types: string[], names: string[]): string {
  const pairs = names.map((name, index) => `${types[index]}/${name}`).join('/');
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${namespace}/${pairs}`;
}

export function keyOf(id: string): string {
  return id.toLowerCase();
}

/** The id of the parent resource, or undefined for a top-level resource or a resource group. */
export function parentIdOf(id: string): string | undefined {
  const parts = id.split('/');
  const providersIndex = parts.findIndex((part) => part.toLowerCase() === 'providers');
  if (providersIndex < 0) return undefined;
  // providers/<ns>/<type>/<name> is top level: 4 parts after the resource group.
  if (parts.length - providersIndex <= 4) return undefined;
  return parts.slice(0, -2).join('/');
}

/** Parses a full resource id (as stored) into its pieces. */
export function parseResourceId(id: string): { subscriptionId: string; resourceGroup: string; namespace: string; types: string[]; names: string[] } | undefined {
  const path = parseArmPath(id);
  if (path?.kind !== 'resource' || path.scope.resourceGroup === undefined) return undefined;
  return { subscriptionId: path.scope.subscriptionId, resourceGroup: path.scope.resourceGroup, namespace: path.scope.namespace, types: path.scope.types, names: path.names };
}
