// Test harness: loads testApp.ts through a FunctionsCoreApi (as the sandbox host does) and builds a runner on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionsCoreApi } from '../../../../sandbox/host/functionsCore';
import { invokeRegisteredFunction } from '../../../../sandbox/host/invoke';
import { createDurableRunner, type DurableRunner } from '../../../../sandbox/durable';

export const userLogs: string[] = [];
export const core = new FunctionsCoreApi((_level, category, message) => {
  if (category === 'user') userLogs.push(message);
});

export function loadTestApp(): typeof import('./testApp') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./testApp') as typeof import('./testApp');
}

const stateDirs: string[] = [];
export const newStateDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-runner-'));
  stateDirs.push(dir);
  return dir;
};
/** Call from afterAll once every runner on these directories has stopped. */
export const removeStateDirs = (): void => stateDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));

/** `now`: the runner's clock (default: the wall clock), e.g. to start a runner after a timer came due. */
export function newRunner(stateDir: string, now?: () => Date): DurableRunner {
  return createDurableRunner({
    registrations: () => core.registrations,
    invoke: (registration, inputData) =>
      invokeRegisteredFunction(core, registration, { inputData }, (_level, category, message) => {
        if (category === 'user') userLogs.push(message);
      }),
    stateDir,
    taskHub: 'TestHub',
    log: () => undefined,
    ...(now ? { now } : {}),
  });
}
