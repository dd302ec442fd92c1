import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StoredMessage {
  readonly id: string;
  /** ISO timestamp. */
  readonly receivedAt: string;
  readonly sizeInBytes: number;
  /** The Workflows payload exactly as received. */
  readonly payload: unknown;
}

export interface MessageStore {
  add(message: StoredMessage): void;
  /** Newest first. */
  list(): StoredMessage[];
  clear(): void;
}

/** Messages in memory, mirrored to a JSON file when `filePath` is given so a sandbox restart keeps them. */
export function createMessageStore(filePath?: string): MessageStore {
  const messages: StoredMessage[] = filePath ? load(filePath) : [];
  const save = () => {
    if (!filePath) return;
    mkdirSync(dirname(filePath), { recursive: true });
    // Write then rename, so a crash mid-write never leaves a half file that the next start cannot read.
    writeFileSync(`${filePath}.tmp`, JSON.stringify(messages, null, 1));
    renameSync(`${filePath}.tmp`, filePath);
  };
  return {
    add(message) {
      messages.push(message);
      save();
    },
    list: () => [...messages].reverse(),
    clear() {
      messages.length = 0;
      save();
    },
  };
}

function load(filePath: string): StoredMessage[] {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`${filePath}: expected a JSON array of stored Teams messages`);
  return parsed as StoredMessage[];
}
