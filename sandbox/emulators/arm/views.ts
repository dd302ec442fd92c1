import { currentEtag } from './etags';
import { kindOf } from './resourceKinds';
import { keyOf } from './resourcePath';
import type { ResourceStore } from './store';
import type { ArmResource, JsonObject } from './types';
import { isJsonObject } from './types';

/**
 * The resource as ARM returns it: stored record plus inline children, the family etag and back-references
 * computed from the other resources (so they can never drift).
 *
 * The view is a new top-level object and `properties` object; nested values are shared with the stored record
 * (records are never modified in place, see store.ts), so a view is only for serializing, never for changing.
 */
export function viewOf(store: ResourceStore, resource: ArmResource): ArmResource {
  const kind = kindOf(resource.type);
  const view: ArmResource = { ...resource };
  const properties: JsonObject = { ...(view.properties ?? {}) };
  const etag = currentEtag(store, resource);
  if (kind.sharesParentEtag && etag) view.etag = etag;

  const inline = kind.inlineChildren;
  if (inline) {
    const children = store.children(resource.id, inline.childType);
    properties[inline.property] = children.map((child) =>
      inline.shape === 'resource' ? viewOf(store, child) : flattenedProfile(child),
    );
  }
  Object.assign(properties, computedProperties(store, resource));
  if (view.properties !== undefined || Object.keys(properties).length > 0) view.properties = properties;
  return view;
}

/** AKS shows agent pools inside the cluster as `{ name, ...properties }` profiles. */
function flattenedProfile(child: ArmResource): JsonObject {
  const { eTag: _etag, ...properties } = child.properties ?? {};
  return { name: child.name, ...properties };
}

function computedProperties(store: ResourceStore, resource: ArmResource): JsonObject {
  switch (resource.type.toLowerCase()) {
    case 'microsoft.network/routetables':
      return referencesOrNothing('subnets', subnetsReferencing(store, 'routeTable', resource.id));
    case 'microsoft.network/networksecuritygroups':
      return referencesOrNothing('subnets', subnetsReferencing(store, 'networkSecurityGroup', resource.id));
    case 'microsoft.network/firewallpolicies':
      return {
        ruleCollectionGroups: store.children(resource.id, 'Microsoft.Network/firewallPolicies/ruleCollectionGroups').map(idRef),
        firewalls: store.ofType('Microsoft.Network/azureFirewalls').filter((fw) => sameId(referenceId(fw.properties?.['firewallPolicy']), resource.id)).map(idRef),
        childPolicies: store.ofType('Microsoft.Network/firewallPolicies').filter((p) => sameId(referenceId(p.properties?.['basePolicy']), resource.id)).map(idRef),
      };
    default:
      return {};
  }
}

/** Azure omits back-reference lists that would be empty. */
function referencesOrNothing(property: string, ids: JsonObject[]): JsonObject {
  return ids.length > 0 ? { [property]: ids } : {};
}

export function subnetsReferencing(store: ResourceStore, property: 'routeTable' | 'networkSecurityGroup', id: string): JsonObject[] {
  return store.subnetsReferencing(property, id).map(idRef);
}

/** `{ id }` of a nested reference such as `properties.routeTable`. */
export function referenceId(value: unknown): string | undefined {
  return isJsonObject(value) && typeof value['id'] === 'string' ? value['id'] : undefined;
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && keyOf(a) === keyOf(b);
}

function idRef(resource: ArmResource): JsonObject {
  return { id: resource.id };
}
