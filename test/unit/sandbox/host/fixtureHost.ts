import { join } from 'node:path';
import type { CoreLogLevel, FunctionsCoreApi } from '../../../../sandbox/host/functionsCore';
import { startFunctionsHost, type FunctionsHost, type FunctionsHostOptions } from '../../../../sandbox/host/server';

/**
 * Starts the host on the fixture app in-process. The calling test file must first route `@azure/functions-core` to
 * its core with `jest.mock(..., { virtual: true })`: jest's module registry ignores the Module._load patch that
 * installFunctionsCore relies on.
 */

export const FIXTURE_APP = join(__dirname, '../../../fixtures/apps/hostFixture/index.js');

export interface FixtureCalls {
  events: Array<Record<string, unknown>>;
  ticks: Array<Record<string, unknown>>;
  nightly: Array<Record<string, unknown>>;
  slow: Array<Record<string, unknown>>;
  slowConcurrent: number;
  slowMaxConcurrent: number;
}

export interface LogLine {
  level: CoreLogLevel;
  category: string;
  message: string;
}

export interface FixtureHost {
  host: FunctionsHost;
  calls: FixtureCalls;
  logs: LogLine[];
}

export async function startFixtureHost(core: FunctionsCoreApi, logs: LogLine[], options: Partial<FunctionsHostOptions> = {}): Promise<FixtureHost> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { calls } = require(FIXTURE_APP) as { calls: FixtureCalls };
  const host = await startFunctionsHost({
    core,
    log: (level, category, message) => logs.push({ level, category, message }),
    timers: { enabled: false },
    ...options,
  });
  return { host, calls, logs };
}

/** Polls until `condition` holds (timers and fire-and-forget admin runs finish asynchronously). */
export async function waitFor(condition: () => boolean, timeoutInMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutInMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
