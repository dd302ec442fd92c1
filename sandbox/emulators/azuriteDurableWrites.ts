/**
 * Preloaded into the Azurite process (`node --require <this> azurite.js`, see azurite.ts): an acknowledged write is
 * on disk before its answer leaves, as Azure Storage guarantees. Azurite keeps its metadata in LokiJS databases saved
 * every 5 s (LokiTableMetadataStore: autosaveInterval 5000), so a kill -9 after a 2xx could lose up to 5 s of
 * acknowledged inserts, updates and deletes, which makes crash tests against it meaningless.
 *
 * How: every Loki database Azurite creates is remembered (Loki's constructor calls configureOptions). When a response
 * to a write (any method but GET/HEAD/OPTIONS) ends while a file-backed database has unsaved changes, `end` is held
 * back until Loki has saved it. Loki's throttled saves give group commit for free: writes that land during a save
 * share the next one. Reads, and writes that changed nothing, answer at once.
 */
import http from 'node:http';
import path from 'node:path';

interface LokiDatabase {
  persistenceMethod: string | null;
  autosaveDirty(): boolean;
  saveDatabase(callback: (error?: unknown) => void): void;
}

const azuriteDirectory = path.dirname(require.resolve('azurite/package.json'));
// The copy of lokijs that Azurite itself loads.
const Loki = require(require.resolve('lokijs', { paths: [azuriteDirectory] })) as { prototype: { configureOptions: (...args: unknown[]) => unknown } };
const databases = new Set<LokiDatabase>();
const configureOptions = Loki.prototype.configureOptions;
Loki.prototype.configureOptions = function (this: LokiDatabase, ...args: unknown[]) {
  databases.add(this);
  return configureOptions.apply(this, args);
};

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Responses whose end waits for a save; a second `end` (Azurite's batch handler calls it twice) waits too. */
const held = new WeakMap<http.ServerResponse, Promise<void>>();
type End = (this: http.ServerResponse, ...args: unknown[]) => http.ServerResponse;
const end = http.ServerResponse.prototype.end as unknown as End;

(http.ServerResponse.prototype as unknown as { end: End }).end = function (this: http.ServerResponse, ...args: unknown[]) {
  const waiting = held.get(this);
  if (waiting) {
    void waiting.then(() => end.apply(this, args));
    return this;
  }
  const method = (this.req?.method ?? 'GET').toUpperCase();
  const dirty = READS.has(method) ? [] : [...databases].filter((db) => db.persistenceMethod === 'fs' && db.autosaveDirty());
  if (dirty.length === 0) return end.apply(this, args);
  const saved = Promise.all(dirty.map((db) => new Promise<void>((resolve, reject) => db.saveDatabase((error) => (error ? reject(toError(error)) : resolve()))))).then(
    () => undefined,
    (error: unknown) => {
      // Not saved: the client must not see a success. Cut the connection; its SDK retries.
      process.stderr.write(`azurite durable writes: save failed: ${String(error)}\n`);
      this.destroy(toError(error));
      return new Promise<void>(() => undefined); // later ends never run
    },
  );
  held.set(this, saved);
  void saved.then(() => end.apply(this, args));
  return this;
};

const toError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
