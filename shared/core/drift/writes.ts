import type { JsonObject } from '../../azure/arm/armJson';

/**
 * One ARM write. Bodies are complete PUT bodies built from the raw JSON just read; `ifMatch` is the etag read
 * with it, so a concurrent change makes the write fail with 412 instead of being overwritten.
 */
export type Write =
  | { readonly kind: 'route-table-create'; readonly resourceId: string; readonly body: JsonObject; readonly reason: string }
  | WriteWithEtag<'route-table-update'>
  | WriteWithEtag<'route-put'>
  | { readonly kind: 'route-delete'; readonly resourceId: string; readonly ifMatch: string | undefined; readonly before: JsonObject; readonly reason: string }
  | WriteWithEtag<'subnet-put'>
  | WriteWithEtag<'vnet-put'>;

interface WriteWithEtag<K extends string> {
  readonly kind: K;
  readonly resourceId: string;
  readonly body: JsonObject;
  /** undefined only when ARM returned no etag (then the write is unconditional). route-put of a new route: undefined. */
  readonly ifMatch: string | undefined;
  /** The resource as read before the write; undefined when the write creates it. */
  readonly before: JsonObject | undefined;
  /** Finding code(s) this write repairs. */
  readonly reason: string;
}

export type WriteKind = Write['kind'];

/** Dependencies between writes: a table must exist before a subnet references it; VNet settings last. */
export const writeOrder: Readonly<Record<WriteKind, number>> = {
  'route-table-create': 0,
  'route-table-update': 1,
  'route-put': 2,
  'route-delete': 3,
  'subnet-put': 4,
  'vnet-put': 5,
};
