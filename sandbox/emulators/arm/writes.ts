import { randomUUID } from 'node:crypto';
import { ArmError, invalidRequestFormat, missingNextHopIpAddress } from './armError';
import { bumpEtag, newEtag, readEtag, withEtag } from './etags';
import { assignFirewallPrivateIps } from './firewallAddresses';
import type { ResourceKind } from './resourceKinds';
import { kindOf } from './resourceKinds';
import { assertSubnetReferencesExist, inUseSubnetError, subnetUsers } from './references';
import { parentIdOf } from './resourcePath';
import type { ResourceStore } from './store';
import type { ArmErrorBody, ArmResource, JsonObject } from './types';
import { isJsonObject } from './types';

/** Top-level members the server owns; a client's values for them are ignored. */
const SERVER_OWNED_MEMBERS = new Set(['id', 'name', 'type', 'etag', 'eTag', 'properties', 'systemData']);

export interface WriteTarget {
  id: string;
  name: string;
  /** Canonical type. */
  type: string;
  isTopLevel: boolean;
}

/**
 * Checks a PUT before anything changes. Throws for synchronous rejections (400s); returns an error for those
 * Azure reports as a Failed operation (a VNet PUT that would drop an in-use subnet: arm-contract.md section 3).
 */
export function validatePut(store: ResourceStore, target: WriteTarget, body: JsonObject): ArmErrorBody | undefined {
  const kind = kindOf(target.type);
  if (target.isTopLevel && typeof body['location'] !== 'string' && store.get(target.id)?.location === undefined) {
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const subscriptionId = target.id.split('/')[2] ?? '';
  if (kind.type === 'Microsoft.Network/virtualNetworks/subnets') {
    const vnet = store.get(parentIdOf(target.id) ?? '');
    assertSubnetReferencesExist(store, target.id, propertiesOf(body), { location: vnet?.location, subscriptionId });
  }
  if (kind.type === 'Microsoft.Network/routeTables/routes') assertRouteNextHop(target.name, propertiesOf(body));
  const inline = kind.inlineChildren;
  const items = inline ? propertiesOf(body)?.[inline.property] : undefined;
  if (!inline || items === undefined) return undefined;
  if (!Array.isArray(items) || !items.every((item) => isJsonObject(item) && typeof item['name'] === 'string')) {
    throw invalidRequestFormat(`properties.${inline.property} must be an array of objects with a name.`);
  }
  const wanted = new Set(items.map((item) => String((item as JsonObject)['name']).toLowerCase()));
  const location = typeof body['location'] === 'string' ? body['location'] : store.get(target.id)?.location;
  for (const item of items as JsonObject[]) {
    if (inline.childType === 'Microsoft.Network/virtualNetworks/subnets') {
      assertSubnetReferencesExist(store, `${target.id}/subnets/${String(item['name'])}`, propertiesOf(item), { location, subscriptionId });
    }
    if (inline.childType === 'Microsoft.Network/routeTables/routes') assertRouteNextHop(String(item['name']), propertiesOf(item));
  }
  for (const child of store.children(target.id, inline.childType)) {
    if (wanted.has(child.name.toLowerCase()) || inline.childType !== 'Microsoft.Network/virtualNetworks/subnets') continue;
    const users = subnetUsers(store, child);
    if (users.length > 0) return inUseSubnetError(child, users).toBody().error;
  }
  return undefined;
}

/** A VirtualAppliance route needs the appliance's IP (hashicorp/terraform-provider-azurerm#20365). */
function assertRouteNextHop(routeName: string, properties: JsonObject | undefined): void {
  const nextHopType = properties?.['nextHopType'];
  const ip = properties?.['nextHopIpAddress'];
  if (typeof nextHopType === 'string' && nextHopType.toLowerCase() === 'virtualappliance' && (typeof ip !== 'string' || ip.trim() === '')) {
    throw missingNextHopIpAddress(routeName);
  }
}

/** Applies a PUT (replace semantics) including inline children; returns the stored main record. */
export function applyPut(store: ResourceStore, target: WriteTarget, body: JsonObject, provisioningState: string): ArmResource {
  const kind = kindOf(target.type);
  const existing = store.get(target.id);
  const record = buildRecord(store, kind, target, body, existing, provisioningState);
  store.set(record);

  const inline = kind.inlineChildren;
  const items = inline ? propertiesOf(body)?.[inline.property] : undefined;
  // Absent list = keep the children; a list (even []) is authoritative (arm-contract.md section 4).
  if (inline && Array.isArray(items)) {
    const wanted = new Set(items.map((item) => String((item as JsonObject)['name']).toLowerCase()));
    for (const child of store.children(record.id, inline.childType)) {
      if (!wanted.has(child.name.toLowerCase())) store.subtree(child.id).forEach((r) => store.delete(r.id));
    }
    const childSegment = inline.childType.split('/').at(-1) as string;
    for (const item of items as JsonObject[]) {
      const name = String(item['name']);
      const childBody = inline.shape === 'resource' ? item : { properties: withoutName(item) };
      const childTarget: WriteTarget = { id: `${record.id}/${childSegment}/${name}`, name, type: inline.childType, isTopLevel: false };
      const childExisting = store.get(childTarget.id);
      if (childExisting) childTarget.id = childExisting.id;
      store.set(buildRecord(store, kindOf(inline.childType), childTarget, childBody, childExisting, provisioningState));
    }
  }
  bumpEtag(store, record);
  return store.get(record.id) as ArmResource;
}

/** PATCH of tags (UpdateTags): only `tags` changes. */
export function applyTagsPatch(store: ResourceStore, resource: ArmResource, body: JsonObject, provisioningState: string): ArmResource {
  const tags = body['tags'];
  if (tags !== undefined && !isJsonObject(tags)) throw invalidRequestFormat('tags must be an object.');
  const updated: ArmResource = structuredClone(resource);
  if (tags !== undefined) updated.tags = tags as Record<string, string>;
  if (updated.properties) updated.properties['provisioningState'] = provisioningState;
  store.set(updated);
  bumpEtag(store, updated);
  return store.get(updated.id) as ArmResource;
}

/** Marks every touched record that is still in a transitional state as Succeeded; new etags as on Azure. */
export function settleProvisioningState(store: ResourceStore, ids: Iterable<string>, mainId: string): void {
  for (const id of ids) {
    const record = store.get(id);
    const state = record?.properties?.['provisioningState'];
    if (record && (state === 'Updating' || state === 'Creating' || state === 'Deleting')) {
      store.set({ ...record, properties: { ...record.properties, provisioningState: 'Succeeded' } });
    }
  }
  const main = store.get(mainId);
  if (main) bumpEtag(store, main); // completion changes the etag again (REC-CLI)
}

function buildRecord(
  store: ResourceStore,
  kind: ResourceKind,
  target: WriteTarget,
  body: JsonObject,
  existing: ArmResource | undefined,
  provisioningState: string,
): ArmResource {
  const members: JsonObject = {};
  for (const [member, value] of Object.entries(body)) if (!SERVER_OWNED_MEMBERS.has(member)) members[member] = value;
  const record: ArmResource = { id: existing?.id ?? target.id, name: existing?.name ?? target.name, type: kind.type, ...members };
  if (target.isTopLevel && record.location === undefined && existing?.location !== undefined) record.location = existing.location;

  const properties: JsonObject = {};
  const excluded = new Set([...kind.serverOwned, ...kind.computed, ...(kind.inlineChildren ? [kind.inlineChildren.property] : [])]);
  for (const [name, value] of Object.entries(propertiesOf(body) ?? {})) if (!excluded.has(name)) properties[name] = value;
  for (const [name, value] of Object.entries(kind.defaults)) if (properties[name] === undefined) properties[name] = structuredClone(value);
  for (const name of kind.serverOwned) {
    const kept = existing?.properties?.[name];
    if (kept !== undefined) properties[name] = kept;
  }
  if (kind.generatesResourceGuid && properties['resourceGuid'] === undefined) properties['resourceGuid'] = randomUUID();
  if (kind.type === 'Microsoft.Network/azureFirewalls') assignFirewallPrivateIps(store, properties, existing?.properties);
  if (kind.type === 'Microsoft.Network/virtualNetworks/subnets') markServiceEndpointsProvisioned(properties);
  properties['provisioningState'] = provisioningState;
  record.properties = properties;

  if (kind.sharesParentEtag) return record;
  return withEtag(record, (existing && readEtag(existing)) ?? newEtag());
}

/** serviceEndpoints[].provisioningState is read-only; Azure reports each endpoint Succeeded. */
function markServiceEndpointsProvisioned(properties: JsonObject): void {
  const endpoints = properties['serviceEndpoints'];
  if (!Array.isArray(endpoints)) return;
  properties['serviceEndpoints'] = endpoints.map((endpoint) => (isJsonObject(endpoint) ? { ...endpoint, provisioningState: 'Succeeded' } : endpoint));
}

function propertiesOf(body: JsonObject): JsonObject | undefined {
  const properties = body['properties'];
  return isJsonObject(properties) ? properties : undefined;
}

function withoutName(item: JsonObject): JsonObject {
  const { name: _name, ...rest } = item;
  return rest;
}
