import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { keyOf, parentIdOf } from './resourcePath';
import type { ArmResource } from './types';

/** Prior values of the keys a change touched (undefined = the key did not exist), for rolling a write back. */
export type Journal = Map<string, ArmResource | undefined>;

/**
 * Every resource the emulator holds, flat: inline children (subnets, routes, agent pools) are records of their own
 * and are composed into their parent on read (see views.ts). Keys are lower-cased ids; records keep their casing.
 */
export class ResourceStore {
  private readonly records = new Map<string, ArmResource>();
  private journal: Journal | undefined;

  constructor(private readonly statePath?: string) {}

  get(id: string): ArmResource | undefined {
    return this.records.get(keyOf(id));
  }

  has(id: string): boolean {
    return this.records.has(keyOf(id));
  }

  set(resource: ArmResource): void {
    this.remember(keyOf(resource.id));
    this.records.set(keyOf(resource.id), resource);
  }

  delete(id: string): void {
    const key = keyOf(id);
    if (!this.records.has(key)) return;
    this.remember(key);
    this.records.delete(key);
  }

  /** The resource and everything under it (children, or everything in a resource group). */
  subtree(id: string): ArmResource[] {
    const key = keyOf(id);
    return [...this.records.entries()].filter(([k]) => k === key || k.startsWith(`${key}/`)).map(([, r]) => r);
  }

  /** Direct children of one type, e.g. the subnets of a VNet. */
  children(parentId: string, childType: string): ArmResource[] {
    const parentKey = keyOf(parentId);
    const type = childType.toLowerCase();
    return this.all().filter((r) => r.type.toLowerCase() === type && keyOf(parentIdOf(r.id) ?? '') === parentKey);
  }

  ofType(type: string): ArmResource[] {
    const lower = type.toLowerCase();
    return this.all().filter((r) => r.type.toLowerCase() === lower);
  }

  /** All records, sorted by id so that paging is stable. */
  all(): ArmResource[] {
    return [...this.records.values()].sort((a, b) => (keyOf(a.id) < keyOf(b.id) ? -1 : 1));
  }

  /** Runs `change` and returns the prior values of everything it touched. */
  record(change: () => void): Journal {
    const outer = this.journal;
    const journal: Journal = new Map();
    this.journal = journal;
    try {
      change();
    } finally {
      this.journal = outer;
    }
    if (outer) for (const [key, prior] of journal) if (!outer.has(key)) outer.set(key, prior);
    this.persist();
    return journal;
  }

  rollback(journal: Journal): void {
    for (const [key, prior] of journal) {
      if (prior === undefined) this.records.delete(key);
      else this.records.set(key, prior);
    }
    this.persist();
  }

  clear(): void {
    this.records.clear();
  }

  /** Loads the persisted state; false when there is none. */
  loadPersisted(): boolean {
    if (!this.statePath || !existsSync(this.statePath)) return false;
    const parsed: unknown = JSON.parse(readFileSync(this.statePath, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${this.statePath}: expected an array of resources`);
    for (const resource of parsed as ArmResource[]) this.records.set(keyOf(resource.id), resource);
    return true;
  }

  persist(): void {
    if (!this.statePath) return;
    const temporary = `${this.statePath}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.all(), null, 1));
    renameSync(temporary, this.statePath); // atomic replace: a crash never leaves half a file
  }

  private remember(key: string): void {
    if (this.journal && !this.journal.has(key)) {
      const prior = this.records.get(key);
      this.journal.set(key, prior === undefined ? undefined : structuredClone(prior));
    }
  }
}
