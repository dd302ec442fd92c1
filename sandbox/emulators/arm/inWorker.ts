import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ArmEmulatorOptions } from './server';
import type { ArmWorkerMessage } from './workerThread';

export interface ArmEmulatorThread {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The ARM emulator on a thread of its own. Why: in one thread it competes with the app it serves (TLS on both ends
 * of every ARM call, request parsing, the store), and a shared 2-core machine then runs the whole sandbox on one
 * core. Everything else about it is the same: tests of the emulator itself still start it in-process.
 */
export function startArmEmulatorInWorker(options: ArmEmulatorOptions): Promise<ArmEmulatorThread> {
  const { onEvent, ...workerOptions } = options;
  const worker = new Worker(join(__dirname, 'workerThread.js'), { workerData: workerOptions });
  return new Promise((resolve, reject) => {
    let closed: (() => void) | undefined;
    worker.on('message', (message: ArmWorkerMessage) => {
      switch (message.type) {
        case 'ready':
          resolve({
            url: message.url,
            close: () =>
              new Promise<void>((done) => {
                closed = done;
                worker.postMessage({ type: 'close' });
              }).then(() => worker.terminate().then(() => undefined)),
          });
          break;
        case 'event':
          onEvent?.(message.event);
          break;
        case 'closed':
          closed?.();
          break;
        case 'failed':
          void worker.terminate();
          reject(new Error(`The ARM emulator failed to start: ${message.message}`));
          break;
      }
    });
    worker.once('error', reject);
  });
}
