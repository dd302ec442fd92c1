import type { CoreLogger, RegisteredFunction } from './functionsCore';
import type { FunctionApp } from './functionApp';
import type { InvocationResult, RpcTypedData } from './invoke';

/**
 * Invokes any registered function by name: the one code path every trigger (HTTP, Event Grid, timers, admin API,
 * the durable runner) goes through, so logging and extra input bindings behave the same everywhere.
 */

/** Supplies data for a non-trigger input binding (e.g. `durableClient`); undefined leaves the binding empty. */
export type ExtraInputProvider = (bindingType: string, registration: RegisteredFunction) => RpcTypedData | undefined;

export interface InvokeOptions {
  readonly triggerMetadata?: Record<string, RpcTypedData>;
  /** Why the function runs, for the log line (the real host logs e.g. "Reason='Timer fired at ...'"). */
  readonly reason?: string;
}

export class FunctionNotFoundError extends Error {
  override readonly name = 'FunctionNotFoundError';
  readonly code = 'FunctionNotFound';
  constructor(readonly functionName: string) {
    super(`No function named "${functionName}" is registered`);
  }
}

export interface FunctionInvoker {
  /** Case-insensitive, like function names in the host. */
  find(name: string): RegisteredFunction | undefined;
  all(): RegisteredFunction[];
  /** Runs the function with `triggerData` for its trigger binding. Rejects with what the handler threw. */
  invoke(name: string, triggerData: RpcTypedData, options?: InvokeOptions): Promise<InvocationResult>;
  /** Invocations started through this invoker that have not ended (the sandbox's idle signal counts them). */
  inFlight(): number;
}

export function createFunctionInvoker(app: FunctionApp, extraInputs: ExtraInputProvider | undefined, log: CoreLogger): FunctionInvoker {
  const find = (name: string) => app.registrations.get(name.toLowerCase());
  let inFlight = 0;
  return {
    find,
    all: () => [...app.registrations.values()],
    inFlight: () => inFlight,
    async invoke(name, triggerData, options = {}) {
      const registration = find(name);
      if (!registration) throw new FunctionNotFoundError(name);
      const inputData = [{ name: registration.triggerBindingName, data: triggerData }];
      for (const [bindingName, binding] of Object.entries(registration.metadata.bindings)) {
        if (bindingName === registration.triggerBindingName || binding.direction !== 'in') continue;
        const data = extraInputs?.(binding.type, registration);
        if (data !== undefined) inputData.push({ name: bindingName, data });
      }
      const started = Date.now();
      const label = `Functions.${registration.name}`;
      log('information', 'Host.Function', `Executing '${label}' (Reason='${options.reason ?? 'Invoked'}')`);
      inFlight += 1;
      try {
        const result = await app.invoke(registration, { inputData, triggerMetadata: options.triggerMetadata });
        log('information', 'Host.Function', `Executed '${label}' (Succeeded, Id=${result.invocationId}, Duration=${Date.now() - started}ms${processIdOf(result)})`);
        return result;
      } catch (error) {
        // The stack goes to the log only; callers decide what (little) to tell the client.
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log('error', 'Host.Function', `Executed '${label}' (Failed, Duration=${Date.now() - started}ms${processIdOf(error)}): ${detail}`);
        throw error;
      } finally {
        inFlight -= 1;
      }
    },
  };
}

/** `, ProcessId=<pid>` when a worker process ran the invocation (results and errors from a worker carry it). */
function processIdOf(outcome: unknown): string {
  const pid = typeof outcome === 'object' && outcome !== null ? (outcome as { workerProcessId?: unknown }).workerProcessId : undefined;
  return typeof pid === 'number' ? `, ProcessId=${pid}` : '';
}
