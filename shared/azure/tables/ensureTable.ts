import type { TableClient } from '@azure/data-tables';

/**
 * The one way a store makes sure its table exists: createTable once per store (it succeeds when the table is already
 * there), shared by concurrent first calls; a failure (storage not up yet) is forgotten so the next call tries again.
 */
export function tableEnsurer(table: Pick<TableClient, 'createTable'>): () => Promise<void> {
  let ensured: Promise<void> | undefined;
  return () => {
    ensured ??= table.createTable().catch((error: unknown) => {
      ensured = undefined;
      throw error;
    });
    return ensured;
  };
}
