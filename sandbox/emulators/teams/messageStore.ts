import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Messages in memory, mirrored to a JSON Lines file when `filePath` is given so a sandbox restart keeps them.
 * Appending one line per message keeps a burst of cards cheap (rewriting the whole file per message made the
 * sink's cost grow with everything it had received); a line cut short by a crash is skipped on load.
 */
export function createMessageStore(filePath?: string): MessageStore {
  const messages: StoredMessage[] = filePath ? load(filePath) : [];
  if (filePath) mkdirSync(dirname(filePath), { recursive: true });
  return {
    add(message) {
      messages.push(message);
      if (filePath) appendFileSync(filePath, `${JSON.stringify(message)}\n`);
    },
    list: () => [...messages].reverse(),
    clear() {
      messages.length = 0;
      if (filePath) writeFileSync(filePath, '');
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
  // Close a line cut short, so the next message starts on a line of its own.
  if (text !== '' && !text.endsWith('\n')) appendFileSync(filePath, '\n');
  const messages: StoredMessage[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      messages.push(JSON.parse(line) as StoredMessage);
    } catch {
      // The last line of a sandbox killed mid-append: that message was never acknowledged as stored.
    }
  }
  return messages;
}
