import type { Write } from './writes';

/** Writes that may go out together: at most one per route table and one per VNet (subnets share the VNet's etag). */
export function independentWrites(writes: readonly Write[]): Write[] {
  const taken = new Set<string>();
  return writes.filter((write) => {
    const family = etagFamilyOf(write);
    if (taken.has(family)) return false;
    taken.add(family);
    return true;
  });
}

/** Writes in one family share an etag: any of them changes the etag the others must match. */
export function etagFamilyOf(write: Write): string {
  const id = write.resourceId.toLowerCase();
  switch (write.kind) {
    case 'route-put':
    case 'route-delete':
      return id.replace(/\/routes\/[^/]+$/, '');
    case 'subnet-put':
      return id.replace(/\/subnets\/[^/]+$/, '');
    default:
      return id;
  }
}
