import { parentPort, workerData } from 'node:worker_threads';
import { startArmEmulator, type ArmEmulatorOptions } from './server';
import type { ArmResourceEvent } from './types';

/** Messages between the sandbox and the ARM emulator running on its own thread (see inWorker.ts). */
export type ArmWorkerMessage = { type: 'ready'; url: string } | { type: 'event'; event: ArmResourceEvent } | { type: 'closed' } | { type: 'failed'; message: string };

// Runs only as a worker: inWorker.ts starts this file with the emulator options as workerData.
if (parentPort) {
  const port = parentPort;
  const options = workerData as Omit<ArmEmulatorOptions, 'onEvent'>;
  startArmEmulator({ ...options, onEvent: (event) => port.postMessage({ type: 'event', event } satisfies ArmWorkerMessage) }).then(
    (emulator) => {
      port.on('message', (message: { type?: string }) => {
        if (message.type !== 'close') return;
        void emulator.close().then(() => port.postMessage({ type: 'closed' } satisfies ArmWorkerMessage));
      });
      port.postMessage({ type: 'ready', url: emulator.url } satisfies ArmWorkerMessage);
    },
    (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ArmWorkerMessage),
  );
}
