import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FunctionApp } from './functionApp';
import type { CoreLogger, RegisteredFunction } from './functionsCore';
import type { InvocationRequest, InvocationResult } from './invoke';
import { createRoundRobin } from './roundRobin';
import { deserializeError, type HostToWorker, type WorkerToHost } from './workerMessages';

/**
 * The app in N worker processes, as the Functions host runs `FUNCTIONS_WORKER_PROCESS_COUNT` Node workers: every
 * worker loads the entry point and reports its functions; each invocation goes to the next ready worker (round
 * robin); a worker that dies fails its invocations in flight (their triggers retry as in Azure) and is started again.
 * Nothing in one worker's memory is seen by another, so the app cannot serialize or dedupe work in-process.
 */

export interface WorkerPoolOptions {
  readonly entryPoint: string;
  readonly count: number;
  readonly log: CoreLogger;
  /** Environment of the workers (the app settings); FUNCTIONS_WORKER_PROCESS_COUNT is set from `count`. */
  readonly env: NodeJS.ProcessEnv;
  /** The compiled workerProcess.js; defaults to the one next to this module. */
  readonly workerScript?: string;
  /** How long a worker may take to load the app (default 60 s). */
  readonly loadTimeoutInMs?: number;
}

export interface WorkerStats {
  readonly index: number;
  readonly pid: number;
  /** Invocations this worker ran (answered), by function name. */
  readonly invocations: Readonly<Record<string, number>>;
  readonly restarts: number;
  /** Loaded and taking invocations (false while it restarts). */
  readonly ready: boolean;
}

export interface WorkerPool extends FunctionApp {
  readonly count: number;
  /** The current workers' process ids, in worker order. */
  processIds(): number[];
  stats(): WorkerStats[];
  close(): Promise<void>;
}

export class WorkerLoadError extends Error {
  override readonly name = 'WorkerLoadError';
  readonly code = 'WorkerLoadFailed';
}

interface Pending {
  readonly functionName: string;
  resolve(result: InvocationResult): void;
  reject(error: Error): void;
}

interface Worker {
  readonly index: number;
  child: ChildProcess;
  pid: number;
  ready: boolean;
  restarts: number;
  readonly pending: Map<number, Pending>;
  readonly invocations: Record<string, number>;
}

export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const { log, count } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`The worker count must be a whole number of at least 1, got ${count}`);
  const script = options.workerScript ?? join(__dirname, 'workerProcess.js');
  const env = { ...options.env, FUNCTIONS_WORKER_PROCESS_COUNT: String(count) };
  const roundRobin = createRoundRobin<Worker>();
  const registrations = new Map<string, RegisteredFunction>();
  const workers: Worker[] = [];
  let nextId = 1;
  let closing = false;
  const waitingForReady: Array<() => void> = [];
  const children = new Set<ChildProcess>();

  /** Forks one worker and resolves with its function list once it has loaded the app. */
  function spawnWorker(worker: Pick<Worker, 'index'> & Partial<Worker>): Promise<{ worker: Worker; functions: Extract<WorkerToHost, { type: 'ready' }>['functions'] }> {
    const child = fork(script, [], { env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(child);
    const current: Worker = Object.assign(worker, {
      child,
      pid: child.pid ?? 0,
      ready: false,
      restarts: worker.restarts ?? 0,
      pending: worker.pending ?? new Map<number, Pending>(),
      invocations: worker.invocations ?? {},
    });
    // A worker that cannot load the app is not restarted: it would fail the same way, in a loop.
    let failedToLoad = false;
    child.on('error', (error) => log('error', 'Host.Worker', `Worker process ${current.pid}: ${error.message}`));
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        failedToLoad = true;
        child.kill('SIGKILL');
        reject(new WorkerLoadError(`Worker process ${current.pid} did not load ${options.entryPoint} within ${options.loadTimeoutInMs ?? 60_000} ms`));
      }, options.loadTimeoutInMs ?? 60_000);
      child.on('message', (message: WorkerToHost) => {
        switch (message.type) {
          case 'ready':
            clearTimeout(timeout);
            current.pid = message.pid;
            current.ready = true;
            log('information', 'Host.Worker', `Worker process ${current.index + 1}/${count} started (ProcessId=${message.pid}, ${message.functions.length} functions)`);
            resolve({ worker: current, functions: message.functions });
            waitingForReady.splice(0).forEach((wake) => wake());
            return;
          case 'loadFailed':
            clearTimeout(timeout);
            failedToLoad = true;
            reject(new WorkerLoadError(message.error.stack ?? message.error.message));
            child.kill();
            return;
          case 'log':
            log(message.level, message.category, message.message);
            return;
          case 'result':
          case 'failed': {
            const pending = current.pending.get(message.id);
            if (!pending) return;
            current.pending.delete(message.id);
            current.invocations[pending.functionName] = (current.invocations[pending.functionName] ?? 0) + 1;
            if (message.type === 'result') pending.resolve({ ...message.result, workerProcessId: current.pid });
            else pending.reject(deserializeError(message.error, current.pid));
            return;
          }
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timeout);
        children.delete(child);
        current.ready = false;
        const lost = [...current.pending.values()];
        current.pending.clear();
        for (const pending of lost) {
          pending.reject(Object.assign(new Error(`Worker process ${current.pid} exited (${signal ?? `code ${code}`}) while running '${pending.functionName}'`), { workerProcessId: current.pid }));
        }
        if (closing || failedToLoad) return;
        reject(new WorkerLoadError(`Worker process ${current.pid} exited (${signal ?? `code ${code}`}) before it loaded the app`));
        log('error', 'Host.Worker', `Worker process ${current.pid} exited (${signal ?? `code ${code}`}); ${lost.length} invocation(s) failed; starting it again`);
        current.restarts++;
        spawnWorker(current).catch((error: unknown) => log('error', 'Host.Worker', `Worker ${current.index + 1} could not be restarted: ${String(error)}`));
      });
      send(current, { type: 'load', entryPoint: options.entryPoint });
    });
  }

  /** Sends to the worker; `onError` hears of a message that could not be sent (channel closed meanwhile). */
  function send(worker: Worker, message: HostToWorker, onError?: (error: Error) => void): void {
    worker.child.send(message, (error) => {
      if (error) onError?.(error);
    });
  }

  /** The next ready worker; waits while every worker is restarting. */
  async function nextWorker(): Promise<Worker> {
    for (;;) {
      const chosen = roundRobin.next(workers.filter((worker) => worker.ready));
      if (chosen) return chosen;
      if (closing) throw new Error('The worker pool is closed');
      await new Promise<void>((resolve) => waitingForReady.push(resolve));
    }
  }

  try {
    const started = await Promise.all(Array.from({ length: count }, (_, index) => spawnWorker({ index })));
    for (const { worker } of started) workers.push(worker);
    for (const { name, metadata } of started[0]!.functions) {
      const trigger = Object.entries(metadata.bindings).find(([, binding]) => /trigger$/i.test(binding.type));
      if (!trigger) continue;
      // The handler lives in the workers; the host keeps only the metadata, as the real host does.
      const callback = () => {
        throw new Error(`'${name}' runs in a worker process, not in the host`);
      };
      registrations.set(name.toLowerCase(), { name, metadata, callback, triggerBindingName: trigger[0], triggerType: trigger[1].type });
    }
  } catch (error) {
    closing = true;
    for (const child of children) child.kill('SIGKILL');
    throw error;
  }

  return {
    count,
    registrations,
    async invoke(registration: RegisteredFunction, request: InvocationRequest): Promise<InvocationResult> {
      const worker = await nextWorker();
      const id = nextId++;
      return new Promise<InvocationResult>((resolve, reject) => {
        worker.pending.set(id, { functionName: registration.name, resolve, reject });
        const fail = (error: unknown) => {
          if (!worker.pending.delete(id)) return; // already failed by the worker's exit
          reject(Object.assign(error instanceof Error ? error : new Error(String(error)), { workerProcessId: worker.pid }));
        };
        try {
          send(worker, { type: 'invoke', id, functionName: registration.name, request }, fail);
        } catch (error) {
          fail(error);
        }
      });
    },
    processIds: () => workers.map((worker) => worker.pid),
    stats: () => workers.map((worker) => ({ index: worker.index, pid: worker.pid, invocations: { ...worker.invocations }, restarts: worker.restarts, ready: worker.ready })),
    async close() {
      closing = true;
      waitingForReady.splice(0).forEach((wake) => wake());
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
              const kill = setTimeout(() => worker.child.kill('SIGKILL'), 5_000);
              worker.child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              // Closing the IPC channel ends the worker (it exits on 'disconnect').
              if (worker.child.connected) worker.child.disconnect();
              else worker.child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
