import { appendFileSync, existsSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { keyOf, parentIdOf } from './resourcePath';
import type { ArmResource } from './types';

/** Prior values of the keys a change touched (undefined = the key did not exist), for rolling a write back. */
export type Journal = Map<string, ArmResource | undefined>;

/**
 * One line of the change log (`<state file>.log`): the records one change left behind, in full, and the keys it
 * deleted. Full records make replay idempotent: a line applied twice (already in the snapshot) changes nothing.
 */
interface ChangeLogLine {
  readonly put: readonly ArmResource[];
  readonly delete: readonly string[];
}

/** Subnet properties that point at another resource and are shown back on it (a route table's `subnets`). */
export type SubnetReference = 'routeTable' | 'networkSecurityGroup';
const SUBNET_TYPE = 'microsoft.network/virtualnetworks/subnets';
const SUBNET_REFERENCES: readonly SubnetReference[] = ['routeTable', 'networkSecurityGroup'];

/**
 * Sets of keys by some index key, each with its sorted order cached until the set changes. Why sorted: lists and
 * paging must be ordered by id (stable pages); why cached: a 10k-subnet estate is read far more than it changes.
 */
class KeyIndex {
  private readonly sets = new Map<string, { keys: Set<string>; sorted: string[] | undefined }>();

  add(indexKey: string, key: string): void {
    let entry = this.sets.get(indexKey);
    if (!entry) this.sets.set(indexKey, (entry = { keys: new Set(), sorted: undefined }));
    if (entry.keys.has(key)) return;
    entry.keys.add(key);
    entry.sorted = undefined;
  }

  remove(indexKey: string, key: string): void {
    const entry = this.sets.get(indexKey);
    if (!entry?.keys.delete(key)) return;
    entry.sorted = undefined;
    if (entry.keys.size === 0) this.sets.delete(indexKey);
  }

  /** Keys under `indexKey` in id order (do not modify the returned array). */
  sorted(indexKey: string): readonly string[] {
    const entry = this.sets.get(indexKey);
    if (!entry) return [];
    entry.sorted ??= [...entry.keys].sort();
    return entry.sorted;
  }

  clear(): void {
    this.sets.clear();
  }
}

/** What a record is indexed under; computed once per set/delete. */
interface IndexEntries {
  readonly type: string;
  readonly parent: string | undefined;
  readonly scopes: readonly string[];
  readonly references: readonly string[];
}

/**
 * Every resource the emulator holds, flat: inline children (subnets, routes, agent pools) are records of their own
 * and are composed into their parent on read (see views.ts). Keys are lower-cased ids; records keep their casing.
 *
 * Records are never modified in place (every change stores a new object), so reads may hand them out without
 * copying. Lookups go through indexes (by type, by type and subscription / resource group, by parent, and the
 * subnets referencing a route table or NSG), so a request costs what it returns, not the size of the estate.
 */
export class ResourceStore {
  private readonly records = new Map<string, ArmResource>();
  private readonly indexed = new Map<string, IndexEntries>();
  private readonly byType = new KeyIndex();
  private readonly byScope = new KeyIndex();
  private readonly byParent = new KeyIndex();
  private readonly byReference = new KeyIndex();
  private allSorted: string[] | undefined;
  private journal: Journal | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  /** Keys changed since the change log was last appended to (or the snapshot written). */
  private readonly unlogged = new Set<string>();

  /**
   * Persistence (with `statePath`): a snapshot of every record (the state file) plus a change log next to it. Each
   * change made through record()/rollback() is appended to the log synchronously before record() returns, so before
   * the emulator answers: an acknowledged write is never lost, and costs O(what it changed), not O(estate).
   * The snapshot is rewritten (and the log emptied) at most once per `persistDelayMs`; loading replays the log over it.
   *
   * @param persistDelayMs how long changes may gather in the log before the snapshot is rewritten (the whole store is
   * one file: rewriting it costs O(estate)). 0 rewrites it on every change.
   */
  constructor(
    private readonly statePath?: string,
    private readonly persistDelayMs = 0,
  ) {}

  /** The change log beside the state file. */
  get logPath(): string | undefined {
    return this.statePath === undefined ? undefined : `${this.statePath}.log`;
  }

  get(id: string): ArmResource | undefined {
    return this.records.get(keyOf(id));
  }

  has(id: string): boolean {
    return this.records.has(keyOf(id));
  }

  set(resource: ArmResource): void {
    const key = keyOf(resource.id);
    this.remember(key);
    this.put(key, resource);
  }

  delete(id: string): void {
    const key = keyOf(id);
    if (!this.records.has(key)) return;
    this.remember(key);
    this.remove(key);
  }

  /** The resource and everything under it (children, or everything in a resource group). */
  subtree(id: string): ArmResource[] {
    const key = keyOf(id);
    const sorted = this.sortedKeys();
    const result: ArmResource[] = [];
    // Keys are sorted, so every key starting with `key` is in one run from the first key >= `key` (the run may
    // also hold siblings such as `<key>-other`, which sort before `<key>/...`).
    for (let index = lowerBound(sorted, key); index < sorted.length; index += 1) {
      const candidate = sorted[index] as string;
      if (!candidate.startsWith(key)) break;
      if (candidate === key || candidate.startsWith(`${key}/`)) result.push(this.records.get(candidate) as ArmResource);
    }
    return result;
  }

  /** Direct children of one type, e.g. the subnets of a VNet, in id order. */
  children(parentId: string, childType: string): ArmResource[] {
    const type = childType.toLowerCase();
    return this.resolve(this.byParent.sorted(keyOf(parentId))).filter((record) => record.type.toLowerCase() === type);
  }

  /** Every record of a type, in id order. */
  ofType(type: string): ArmResource[] {
    return this.resolve(this.byType.sorted(type.toLowerCase()));
  }

  /** Records of a type in a subscription, or in one of its resource groups, in id order. */
  inScope(type: string, subscriptionId: string, resourceGroup?: string): ArmResource[] {
    return this.resolve(this.byScope.sorted(scopeKey(type, subscriptionId, resourceGroup)));
  }

  /** Subnets whose `properties[property].id` is `targetId`, in id order. */
  subnetsReferencing(property: SubnetReference, targetId: string): ArmResource[] {
    return this.resolve(this.byReference.sorted(`${property}|${keyOf(targetId)}`));
  }

  /** Whether the subscription holds at least one resource group (the emulator knows no other subscriptions). */
  hasSubscription(subscriptionId: string): boolean {
    return this.inScope('Microsoft.Resources/resourceGroups', subscriptionId).length > 0;
  }

  /** All records, sorted by id so that paging is stable. */
  all(): ArmResource[] {
    return this.resolve(this.sortedKeys());
  }

  /**
   * Runs `change` and returns the prior values of everything it touched. A change that throws is undone before the
   * error propagates, so nothing half-applied stays in memory or reaches the log.
   */
  record(change: () => void): Journal {
    const outer = this.journal;
    const journal: Journal = new Map();
    this.journal = journal;
    try {
      change();
    } catch (error) {
      this.journal = outer;
      this.restore(journal);
      throw error;
    } finally {
      this.journal = outer;
    }
    if (outer) {
      for (const [key, prior] of journal) if (!outer.has(key)) outer.set(key, prior);
    } else {
      this.changed(); // a nested change is saved with its outermost one: one log line, all or nothing
    }
    return journal;
  }

  rollback(journal: Journal): void {
    this.restore(journal);
    if (!this.journal) this.changed();
  }

  clear(): void {
    if (this.statePath) for (const key of this.records.keys()) this.unlogged.add(key);
    this.records.clear();
    this.indexed.clear();
    for (const index of [this.byType, this.byScope, this.byParent, this.byReference]) index.clear();
    this.allSorted = undefined;
  }

  /**
   * Loads the snapshot and replays the change log over it; false when there is no snapshot (a log without one is
   * left over from before the first snapshot of a seed and is dropped by the next persist()).
   */
  loadPersisted(): boolean {
    if (!this.statePath || !existsSync(this.statePath)) return false;
    const parsed: unknown = JSON.parse(readFileSync(this.statePath, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${this.statePath}: expected an array of resources`);
    for (const resource of parsed as ArmResource[]) this.put(keyOf(resource.id), resource);
    this.replayLog();
    this.unlogged.clear();
    return true;
  }

  /** Writes the snapshot now (and cancels a pending delayed write); the change log then starts empty. */
  persist(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.unlogged.clear();
    if (!this.statePath) return;
    const temporary = `${this.statePath}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.all(), null, 1));
    renameSync(temporary, this.statePath); // atomic replace: a crash never leaves half a file
    // A crash here leaves a log whose lines are all in the new snapshot: replaying them again changes nothing.
    if (existsSync(this.logPath as string)) truncateSync(this.logPath as string);
  }

  /** Writes a pending delayed snapshot, if any (the emulator calls this when it closes). */
  flush(): void {
    if (this.persistTimer) this.persist();
  }

  /**
   * Appends what the change left behind to the log, then schedules the snapshot. Why no fsync: the sandbox's crash is
   * a kill -9 of its process group, and the page cache outlives a process (an OS crash may lose the tail, as it may
   * for Azurite and the Durable runner's files). Changes made outside record() (seeding) go with the next one.
   */
  private changed(): void {
    if (!this.statePath) return;
    if (this.persistDelayMs <= 0) return this.persist();
    if (this.unlogged.size > 0) {
      const line: ChangeLogLine = { put: [], delete: [] };
      for (const key of this.unlogged) {
        const record = this.records.get(key);
        if (record) (line.put as ArmResource[]).push(record);
        else (line.delete as string[]).push(key);
      }
      // One line per change, in one write: a crash mid-append tears only this line, which loading ignores (the
      // answer was never sent), so a multi-record write (a VNet and its subnets) is never half-restored.
      appendFileSync(this.logPath as string, `${JSON.stringify(line)}\n`);
      this.unlogged.clear();
    }
    // Why a delay: a burst of writes then costs one snapshot, not one per write; until then the log holds them.
    this.persistTimer ??= setTimeout(() => this.persist(), this.persistDelayMs);
  }

  /** Applies the log's complete lines; a torn last line (a crash mid-append) is cut off so later appends start clean. */
  private replayLog(): void {
    const logPath = this.logPath as string;
    if (!existsSync(logPath)) return;
    const content = readFileSync(logPath);
    const complete = content.lastIndexOf(0x0a) + 1; // everything after the last newline is a torn append
    const lines = content.subarray(0, complete).toString('utf8').split('\n');
    lines.forEach((text, index) => {
      if (text === '') return;
      let line: ChangeLogLine;
      try {
        line = JSON.parse(text) as ChangeLogLine;
      } catch (error) {
        throw new Error(`${logPath}, line ${index + 1}: not a change log line (${error instanceof Error ? error.message : String(error)})`);
      }
      for (const key of line.delete) this.remove(key);
      for (const record of line.put) this.put(keyOf(record.id), record);
    });
    if (complete < content.length) truncateSync(logPath, complete);
  }

  private restore(journal: Journal): void {
    for (const [key, prior] of journal) {
      if (prior === undefined) this.remove(key);
      else this.put(key, prior);
    }
  }

  private put(key: string, resource: ArmResource): void {
    if (this.statePath) this.unlogged.add(key);
    if (this.records.has(key)) this.unindex(key);
    else this.allSorted = undefined;
    this.records.set(key, resource);
    const entries = indexEntriesOf(resource);
    this.indexed.set(key, entries);
    this.byType.add(entries.type, key);
    if (entries.parent !== undefined) this.byParent.add(entries.parent, key);
    for (const scope of entries.scopes) this.byScope.add(scope, key);
    for (const reference of entries.references) this.byReference.add(reference, key);
  }

  private remove(key: string): void {
    if (!this.records.has(key)) return;
    if (this.statePath) this.unlogged.add(key);
    this.unindex(key);
    this.records.delete(key);
    this.allSorted = undefined;
  }

  private unindex(key: string): void {
    const entries = this.indexed.get(key);
    if (!entries) return;
    this.indexed.delete(key);
    this.byType.remove(entries.type, key);
    if (entries.parent !== undefined) this.byParent.remove(entries.parent, key);
    for (const scope of entries.scopes) this.byScope.remove(scope, key);
    for (const reference of entries.references) this.byReference.remove(reference, key);
  }

  private sortedKeys(): readonly string[] {
    this.allSorted ??= [...this.records.keys()].sort();
    return this.allSorted;
  }

  private resolve(keys: readonly string[]): ArmResource[] {
    return keys.map((key) => this.records.get(key) as ArmResource);
  }

  private remember(key: string): void {
    if (this.journal && !this.journal.has(key)) {
      const prior = this.records.get(key);
      this.journal.set(key, prior === undefined ? undefined : structuredClone(prior));
    }
  }
}

function indexEntriesOf(resource: ArmResource): IndexEntries {
  const type = resource.type.toLowerCase();
  const parentId = parentIdOf(resource.id);
  const parts = resource.id.split('/');
  const subscriptionId = parts[2] ?? '';
  const scopes = [scopeKey(type, subscriptionId)];
  if (parts[3]?.toLowerCase() === 'resourcegroups' && parts[4] !== undefined) scopes.push(scopeKey(type, subscriptionId, parts[4]));
  const references: string[] = [];
  if (type === SUBNET_TYPE) {
    for (const property of SUBNET_REFERENCES) {
      const value = resource.properties?.[property];
      const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)['id'] : undefined;
      if (typeof id === 'string') references.push(`${property}|${keyOf(id)}`);
    }
  }
  return { type, parent: parentId === undefined ? undefined : keyOf(parentId), scopes, references };
}

function scopeKey(type: string, subscriptionId: string, resourceGroup?: string): string {
  const base = `${type.toLowerCase()}|${subscriptionId.toLowerCase()}`;
  return resourceGroup === undefined ? base : `${base}|${resourceGroup.toLowerCase()}`;
}

/** First index whose key is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
