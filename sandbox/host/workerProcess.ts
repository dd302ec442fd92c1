import { loadApp } from './loadApp';
import { invokeRegisteredFunction } from './invoke';
import type { CoreLogger } from './functionsCore';
import { serializeError, type HostToWorker, type WorkerToHost } from './workerMessages';

/**
 * A language worker process (`--workers N`): loads the app's entry point on the host's `load` message, reports the
 * functions it registered, then runs each `invoke` through @azure/functions' invocation model and answers with the
 * result or the error. Everything in-process (module state, caches) is this process's own, as in Azure.
 */

const send = (message: WorkerToHost) => {
  // With a callback, a send that races the host closing the channel (EPIPE) is dropped instead of crashing the worker.
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
};
const log: CoreLogger = (level, category, message) => send({ type: 'log', level, category, message });

// Ctrl-C reaches the whole process group: the host stops its workers itself, in order, after the app's work ended.
process.on('SIGINT', () => undefined);
// The host is gone (closed or killed): nothing can reach this worker any more.
process.on('disconnect', () => process.exit(0));

let core: ReturnType<typeof loadApp> | undefined;

process.on('message', (message: HostToWorker) => {
  if (message.type === 'load') {
    try {
      core = loadApp(message.entryPoint, log);
      const functions = [...core.registrations.values()].map(({ name, metadata }) => ({ name, metadata }));
      send({ type: 'ready', pid: process.pid, functions });
    } catch (error) {
      send({ type: 'loadFailed', error: serializeError(error) });
    }
    return;
  }
  const loaded = core;
  const registration = loaded?.registrations.get(message.functionName.toLowerCase());
  if (!loaded || !registration) {
    send({ type: 'failed', id: message.id, error: { name: 'FunctionNotFoundError', message: `No function named "${message.functionName}" is loaded in worker ${process.pid}` } });
    return;
  }
  const { id } = message;
  invokeRegisteredFunction(loaded, registration, message.request, log).then(
    (result) => {
      try {
        send({ type: 'result', id, result });
      } catch (error) {
        // A return value that cannot cross to the host (e.g. a function in it) fails the invocation, naming why.
        send({ type: 'failed', id, error: serializeError(error) });
      }
    },
    (error: unknown) => send({ type: 'failed', id, error: serializeError(error) }),
  );
});
