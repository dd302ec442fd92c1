import { resolve } from 'node:path';
import { FunctionsCoreApi, installFunctionsCore, type CoreLogger } from './functionsCore';

/** Loading a function app's entry point the way the Node worker does. */

export class AppLoadError extends Error {
  override readonly name = 'AppLoadError';
  readonly code = 'AppLoadFailed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Installs `@azure/functions-core`, then requires the app's entry point (e.g. `build/functions/index.js`) so its
 * `app.*` registrations land in the returned core. Throws AppLoadError naming the entry point when it cannot be
 * loaded or registers no function. Call once per process, before anything loads @azure/functions.
 */
export function loadApp(entryPointPath: string, log: CoreLogger): FunctionsCoreApi {
  const core = new FunctionsCoreApi(log);
  installFunctionsCore(core);
  const entryPoint = resolve(entryPointPath);
  try {
    require(entryPoint);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new AppLoadError(`Failed to load the function app entry point ${entryPoint}: ${detail}`, { cause: error });
  }
  if (core.registrations.size === 0) {
    throw new AppLoadError(
      `The function app entry point ${entryPoint} registered no functions. Did something load @azure/functions before ` +
        'the functions core was installed (it then runs in "test mode" and drops registrations)?',
    );
  }
  log('information', 'Host', `Loaded ${core.registrations.size} functions from ${entryPoint}`);
  return core;
}
