import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { InstanceState } from './instanceState';

/**
 * One JSON file per instance under `<stateDir>/<taskHub>/instances/`.
 *
 * Why temp file + rename: a crash or `stop()` never leaves a half-written file.
 *
 * Why snapshots are taken at once but written later (`writeDelayMs`), off the event loop: an instance changes
 * several times per event (inbox, episode, work done), and writing + renaming its file per change was the largest
 * item in the sandbox's CPU profile under an event burst (the runner, the app and the emulators share one thread).
 * `save` serializes the state as it is now; after the delay the latest snapshot of each changed instance is
 * written asynchronously (writes of one instance never overlap: one batch at a time). What is on disk is
 * therefore always a state the runner had at a save point (never one from the middle of an episode), at most
 * `writeDelayMs` plus one batch older; `flush()` (awaited by the runner's `stop()`) writes everything pending, so
 * a restart resumes exactly where the runner stopped. A crash (kill -9) loses at most that window of changes, as
 * an ungraceful host shutdown loses in-flight work on Azure: resumed instances replay from their last saved state.
 */
export class InstanceStore {
  private readonly directory: string;
  private temporaryCounter = 0;
  /** Latest unsaved snapshot per instance. */
  private readonly pending = new Map<string, string>();
  /** Ids written by the batch in flight and deleted meanwhile: their file is removed again after the batch. */
  private readonly deletedWhileWriting = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** Instances whose snapshot the batch in flight is writing. */
  private readonly batchIds = new Set<string>();

  constructor(
    stateDir: string,
    taskHub: string,
    private readonly writeDelayMs = 0,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.directory = join(stateDir, taskHub, 'instances');
    mkdirSync(this.directory, { recursive: true });
  }

  save(state: InstanceState): void {
    const json = JSON.stringify(state);
    if (this.writeDelayMs <= 0) return this.writeNow(state.instanceId, json);
    this.pending.set(state.instanceId, json);
    this.deletedWhileWriting.delete(state.instanceId);
    this.schedule();
  }

  delete(instanceId: string): void {
    this.pending.delete(instanceId);
    if (this.writing) this.deletedWhileWriting.add(instanceId);
    rmSync(this.fileOf(instanceId), { force: true });
  }

  /**
   * Writes the pending snapshots of these instances now (what a management API answer needs on disk), leaving the
   * others to the delayed batch. Waits for a batch in flight only when it holds one of them: its older snapshot must
   * not be renamed over the newer one written here.
   */
  async flushInstances(instanceIds: readonly string[]): Promise<void> {
    while (this.writing && instanceIds.some((instanceId) => this.batchIds.has(instanceId))) await this.writing;
    for (const instanceId of instanceIds) {
      const json = this.pending.get(instanceId);
      if (json === undefined) continue;
      this.pending.delete(instanceId);
      this.writeNow(instanceId, json);
    }
  }

  /** Writes every pending snapshot (after the batch in flight, if any). */
  async flush(): Promise<void> {
    for (;;) {
      clearTimeout(this.timer);
      this.timer = undefined;
      if (!this.writing) break;
      await this.writing;
    }
    for (const [instanceId, json] of this.pending) this.writeNow(instanceId, json);
    this.pending.clear();
  }

  loadAll(): InstanceState[] {
    return readdirSync(this.directory)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(this.directory, name), 'utf8')) as InstanceState);
  }

  private schedule(): void {
    if (this.timer || this.writing || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writeBatch().finally(() => {
        this.writing = undefined;
        this.schedule();
      });
    }, this.writeDelayMs);
  }

  private async writeBatch(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    this.batchIds.clear();
    for (const [instanceId] of batch) this.batchIds.add(instanceId);
    await Promise.all(
      batch.map(async ([instanceId, json]) => {
        try {
          const target = this.fileOf(instanceId);
          const temporary = this.temporaryOf(target);
          await writeFile(temporary, json);
          await rename(temporary, target);
        } catch (error) {
          this.onError(error);
        }
      }),
    );
    for (const instanceId of this.deletedWhileWriting) rmSync(this.fileOf(instanceId), { force: true });
    this.deletedWhileWriting.clear();
    this.batchIds.clear();
  }

  private writeNow(instanceId: string, json: string): void {
    const target = this.fileOf(instanceId);
    const temporary = this.temporaryOf(target);
    writeFileSync(temporary, json);
    renameSync(temporary, target);
  }

  private temporaryOf(target: string): string {
    return `${target}.${process.pid}.${this.temporaryCounter++}.tmp`;
  }

  private fileOf(instanceId: string): string {
    // Instance ids are caller-chosen (up to 256 characters): encode so any id maps to one safe file name, and hash
    // the ones whose encoding would pass the file system's 255-byte name limit. '~' is encoded too, so only hashed
    // names start with it. loadAll reads ids from the files' contents, never from their names.
    const encoded = encodeURIComponent(instanceId).replace(/\./g, '%2E').replace(/~/g, '%7E');
    const name = encoded.length <= 200 ? encoded : `~${createHash('sha256').update(instanceId).digest('hex')}`;
    return join(this.directory, `${name}.json`);
  }
}
