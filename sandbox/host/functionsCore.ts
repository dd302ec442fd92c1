import Module from 'node:module';
import { randomUUID } from 'node:crypto';

/**
 * The `@azure/functions-core` module as the Functions Node worker provides it at run time.
 *
 * Why: @azure/functions 4.x `require`s this module (not on npm: the worker injects it by intercepting `require`). When
 * it is missing the library drops every `app.*` registration ("test mode"). Providing it the same way lets the
 * sandbox load the app's production entry point unchanged and capture exactly what the real host would receive.
 */

export interface CoreBinding {
  readonly type: string;
  readonly direction: 'in' | 'out' | 'inout';
  readonly [property: string]: unknown;
}

export interface CoreFunctionMetadata {
  readonly name: string;
  readonly bindings: Readonly<Record<string, CoreBinding>>;
  readonly retryOptions?: unknown;
  readonly [property: string]: unknown;
}

/** The handler exactly as the host would call it (durable handlers already wrapped by durable-functions). */
export type CoreCallback = (...args: unknown[]) => unknown;

export interface RegisteredFunction {
  readonly name: string;
  readonly metadata: CoreFunctionMetadata;
  readonly callback: CoreCallback;
  /** The binding whose type ends in "Trigger" (the library's own rule). */
  readonly triggerBindingName: string;
  readonly triggerType: string;
}

/** What @azure/functions' ProgrammingModel exposes to the worker. */
export interface ProgrammingModel {
  readonly name: string;
  readonly version: string;
  getInvocationModel(coreContext: unknown): InvocationModel;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: CoreCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ invocationId: string; outputData: unknown[]; returnValue?: unknown }>;
}

export type CoreLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type CoreLogger = (level: CoreLogLevel, category: string, message: string) => void;

export class FunctionsCoreApi {
  readonly registrations = new Map<string, RegisteredFunction>();
  private model: ProgrammingModel | undefined;
  private readonly hooks = new Map<string, Set<(context: unknown) => unknown>>();

  constructor(private readonly logger: CoreLogger) {}

  /** The object handed to @azure/functions as `require('@azure/functions-core')`. */
  moduleExports(): Record<string, unknown> {
    return {
      version: '3.10.1',
      hostVersion: '4.1040.0',
      registerFunction: (metadata: CoreFunctionMetadata, callback: CoreCallback) => this.registerFunction(metadata, callback),
      setProgrammingModel: (model: ProgrammingModel) => {
        this.model = model;
      },
      getProgrammingModel: () => this.model,
      registerHook: (name: string, callback: (context: unknown) => unknown) => {
        const set = this.hooks.get(name) ?? new Set();
        set.add(callback);
        this.hooks.set(name, set);
        return { dispose: () => set.delete(callback) };
      },
      log: (level: CoreLogLevel, category: string, message: string) => this.logger(level, category, message),
      Disposable: class {
        constructor(private readonly onDispose: () => void) {}
        dispose() {
          this.onDispose();
        }
      },
    };
  }

  programmingModel(): ProgrammingModel {
    if (!this.model) throw new Error('The app registered no functions: @azure/functions never set its programming model');
    return this.model;
  }

  private registerFunction(metadata: CoreFunctionMetadata, callback: CoreCallback) {
    const name = metadata.name;
    if (this.registrations.has(name.toLowerCase())) {
      throw new Error(`A function named "${name}" is already registered (function names are case-insensitive)`);
    }
    const trigger = Object.entries(metadata.bindings).find(([, binding]) => /trigger$/i.test(binding.type));
    if (!trigger) throw new Error(`Function "${name}" has no trigger binding`);
    this.registrations.set(name.toLowerCase(), {
      name,
      metadata,
      callback,
      triggerBindingName: trigger[0],
      triggerType: trigger[1].type,
    });
    return { dispose: () => this.registrations.delete(name.toLowerCase()) };
  }
}

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;

/**
 * Makes `require('@azure/functions-core')` resolve to `api` for the rest of the process, as the worker does.
 * Must run before the app (and so @azure/functions) is first loaded.
 */
export function installFunctionsCore(api: FunctionsCoreApi): void {
  const exports = api.moduleExports();
  const moduleWithLoad = Module as unknown as { _load: ModuleLoad };
  const originalLoad = moduleWithLoad._load;
  moduleWithLoad._load = function load(request, parent, isMain) {
    if (request === '@azure/functions-core') return exports;
    return originalLoad.call(this, request, parent, isMain);
  };
}

export const newInvocationId = (): string => randomUUID();
