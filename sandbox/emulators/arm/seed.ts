import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { kindOf } from './resourceKinds';
import { parseArmPath } from './resourcePath';
import type { ResourceStore } from './store';
import type { ArmResource, JsonObject } from './types';
import { isJsonObject } from './types';

const seedEntrySchema = z.looseObject({
  id: z.string().refine((id) => isResourceGroupId(id) || parseArmPath(id)?.kind === 'resource', 'an ARM resource id'),
  name: z.string().min(1),
  type: z.string().regex(/^[A-Za-z.]+\/[A-Za-z]+(\/[A-Za-z]+)*$/, 'a resource type such as Microsoft.Network/virtualNetworks'),
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  etag: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** Reads and validates a seed file (an array of ARM resources as ARM returns them); errors name the bad entry. */
export function loadSeed(path: string): ArmResource[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Seed ${path}: cannot read JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed)) throw new Error(`Seed ${path}: expected an array of ARM resources`);
  return parsed.map((entry, index) => {
    const result = seedEntrySchema.safeParse(entry);
    const label = isJsonObject(entry) && typeof entry['id'] === 'string' ? entry['id'] : `#${index}`;
    if (!result.success) throw new Error(`Seed ${path}: entry ${index} (${label}) is invalid:\n${z.prettifyError(result.error)}`);
    const lastSegment = result.data.id.split('/').at(-1);
    if (lastSegment?.toLowerCase() !== result.data.name.toLowerCase()) {
      throw new Error(`Seed ${path}: entry ${index} (${label}) has name '${result.data.name}' but its id ends in '${lastSegment}'`);
    }
    return result.data as ArmResource;
  });
}

/**
 * Puts resources into the store the way the emulator keeps them: inline children (subnets, routes, agent pool
 * profiles) become records of their own, computed back-references are dropped, transitional states settle.
 */
export function ingestResources(store: ResourceStore, resources: readonly ArmResource[]): void {
  for (const resource of resources) {
    const kind = kindOf(resource.type);
    const properties: JsonObject = { ...(resource.properties ?? {}) };
    for (const name of kind.computed) delete properties[name];
    const inline = kind.inlineChildren;
    const items = inline ? properties[inline.property] : undefined;
    if (inline) delete properties[inline.property];
    store.set(settled({ ...structuredClone(resource), type: kind.type, ...(resource.properties ? { properties } : {}) }));
    if (!inline || !Array.isArray(items)) continue;
    const segment = inline.childType.split('/').at(-1) as string;
    for (const item of items.filter(isJsonObject)) {
      const name = String(item['name']);
      const id = typeof item['id'] === 'string' ? item['id'] : `${resource.id}/${segment}/${name}`;
      if (inline.shape === 'resource') {
        const { etag: _familyEtag, ...child } = item;
        store.set(settled({ ...structuredClone(child), id, name, type: inline.childType } as ArmResource));
      } else {
        const { name: _name, ...childProperties } = item;
        store.set(settled({ id, name, type: inline.childType, properties: structuredClone(childProperties) }));
      }
    }
  }
}

function settled(resource: ArmResource): ArmResource {
  const state = resource.properties?.['provisioningState'];
  if (state === 'Updating' || state === 'Creating' || state === 'Deleting') {
    return { ...resource, properties: { ...resource.properties, provisioningState: 'Succeeded' } };
  }
  return resource;
}

function isResourceGroupId(id: string): boolean {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(id);
}
