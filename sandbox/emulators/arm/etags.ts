import { randomUUID } from 'node:crypto';
import { kindOf } from './resourceKinds';
import { parentIdOf } from './resourcePath';
import type { ResourceStore } from './store';
import type { ArmResource } from './types';

export function newEtag(): string {
  return `W/"${randomUUID()}"`;
}

/** The record whose etag a resource shows: its parent for inline children (subnets, routes), itself otherwise. */
export function etagOwner(store: ResourceStore, resource: ArmResource): ArmResource {
  if (!kindOf(resource.type).sharesParentEtag) return resource;
  const parentId = parentIdOf(resource.id);
  return (parentId && store.get(parentId)) || resource;
}

export function readEtag(resource: ArmResource): string | undefined {
  const field = kindOf(resource.type).etagField;
  const value = field === 'properties.eTag' ? resource.properties?.['eTag'] : resource[field];
  return typeof value === 'string' ? value : undefined;
}

/** Returns a copy of `resource` carrying `etag` in the field its kind uses. */
export function withEtag(resource: ArmResource, etag: string): ArmResource {
  const field = kindOf(resource.type).etagField;
  if (field === 'properties.eTag') return { ...resource, properties: { ...resource.properties, eTag: etag } };
  return { ...resource, [field]: etag };
}

/** The etag a client sees for `resource` (the family etag for inline children). */
export function currentEtag(store: ResourceStore, resource: ArmResource): string | undefined {
  return readEtag(etagOwner(store, resource));
}

/** Gives the etag family of `resource` a new etag: every write does this. */
export function bumpEtag(store: ResourceStore, resource: ArmResource): void {
  const owner = store.get(etagOwner(store, resource).id);
  if (owner) store.set(withEtag(owner, newEtag()));
}
