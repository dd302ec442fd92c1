import type { CoreLogger, FunctionsCoreApi, RegisteredFunction } from './functionsCore';
import { invokeRegisteredFunction, type InvocationRequest, type InvocationResult } from './invoke';

/**
 * The loaded function app as the host sees it: the functions it registered (metadata) and a way to run one.
 * In-process (the app loaded into the host's own process, `--workers 1`) or a pool of worker processes (see
 * workerPool.ts), as the Functions host runs `FUNCTIONS_WORKER_PROCESS_COUNT` Node workers.
 */
export interface FunctionApp {
  /** By lower-case name, like function names in the host. */
  readonly registrations: ReadonlyMap<string, RegisteredFunction>;
  /** Runs one invocation; rejects with what the handler threw. */
  invoke(registration: RegisteredFunction, request: InvocationRequest): Promise<InvocationResult>;
}

/** The app loaded into this process: invocations run on this thread, as the sandbox always did with one worker. */
export function inProcessFunctionApp(core: FunctionsCoreApi, log: CoreLogger): FunctionApp {
  return {
    registrations: core.registrations,
    invoke: (registration, request) => invokeRegisteredFunction(core, registration, request, log),
  };
}

export function isFunctionApp(value: FunctionsCoreApi | FunctionApp): value is FunctionApp {
  return typeof (value as Partial<FunctionApp>).invoke === 'function';
}
