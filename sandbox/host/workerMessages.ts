import type { CoreFunctionMetadata, CoreLogLevel } from './functionsCore';
import type { InvocationRequest, InvocationResult } from './invoke';

/**
 * What the host and a worker process say to each other over the IPC channel (structured clone, so Uint8Array
 * bodies pass as they are). Mirrors the Functions worker protocol's shape: the worker loads the app and reports its
 * function metadata, then runs invocation requests and answers each with a response; logs flow back as they happen.
 */

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WorkerToHost =
  | { readonly type: 'ready'; readonly pid: number; readonly functions: ReadonlyArray<{ readonly name: string; readonly metadata: CoreFunctionMetadata }> }
  | { readonly type: 'loadFailed'; readonly error: SerializedError }
  | { readonly type: 'log'; readonly level: CoreLogLevel; readonly category: string; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: InvocationResult }
  | { readonly type: 'failed'; readonly id: number; readonly error: SerializedError };

export type HostToWorker =
  | { readonly type: 'load'; readonly entryPoint: string }
  | { readonly type: 'invoke'; readonly id: number; readonly functionName: string; readonly request: InvocationRequest };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

/** The handler's error rebuilt in the host: same name, message and stack, plus the process that threw it. */
export function deserializeError(serialized: SerializedError, workerProcessId: number): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return Object.assign(error, { workerProcessId });
}
