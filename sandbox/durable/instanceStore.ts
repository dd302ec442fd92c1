import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceState } from './instanceState';

/**
 * One JSON file per instance under `<stateDir>/<taskHub>/instances/`.
 *
 * Why synchronous writes with temp file + rename: a crash or `stop()` never leaves a half-written file, and writes of
 * one instance can't overtake each other (they happen in call order). Files are small; the sandbox is single-user.
 */
export class InstanceStore {
  private readonly directory: string;
  private temporaryCounter = 0;

  constructor(stateDir: string, taskHub: string) {
    this.directory = join(stateDir, taskHub, 'instances');
    mkdirSync(this.directory, { recursive: true });
  }

  save(state: InstanceState): void {
    const target = this.fileOf(state.instanceId);
    const temporary = `${target}.${process.pid}.${this.temporaryCounter++}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, target);
  }

  delete(instanceId: string): void {
    rmSync(this.fileOf(instanceId), { force: true });
  }

  loadAll(): InstanceState[] {
    return readdirSync(this.directory)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(this.directory, name), 'utf8')) as InstanceState);
  }

  private fileOf(instanceId: string): string {
    // Instance ids are caller-chosen: encode so any id maps to one safe file name.
    return join(this.directory, `${encodeURIComponent(instanceId).replace(/\./g, '%2E')}.json`);
  }
}
