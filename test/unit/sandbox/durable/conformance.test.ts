import { core, loadTestApp, newRunner, newStateDir, removeStateDirs, userLogs } from './harness';
import type { DurableRunner } from '../../../../sandbox/durable';

// jest ignores Module._load patches, so hand @azure/functions the core API through jest's own module registry.
jest.mock('@azure/functions-core', () => core.moduleExports(), { virtual: true });

let runner: DurableRunner;
beforeAll(() => {
  loadTestApp();
});
afterAll(() => removeStateDirs());
beforeEach(async () => {
  runner = newRunner(newStateDir());
  await runner.start();
});
afterEach(() => runner.stop());

const run = async (name: string, input?: unknown, instanceId?: string) => {
  const id = runner.startNew(name, { instanceId, inputJson: input === undefined ? undefined : JSON.stringify(input) });
  return runner.waitForCompletion(id, 10000);
};
const outputOf = (state: { outputJson?: string }) => JSON.parse(state.outputJson ?? 'null') as unknown;

describe('durable runner conformance', () => {
  it('runs a single activity', async () => {
    const state = await run('SingleActivity', 'x');
    expect(state.runtimeStatus).toBe('Completed');
    expect(outputOf(state)).toBe('x-done');
    expect(state.history.map((e) => e.EventType)).toEqual([12, 0, 4, 13, 12, 5, 13, 1]);
  });

  it('fans out and in with Task.all, numbering tasks 0..n-1', async () => {
    const state = await run('FanOut', [1, 2, 3, 4]);
    expect(outputOf(state)).toBe(20);
    expect(state.history.filter((e) => e.EventType === 4).map((e) => e.EventId)).toEqual([0, 1, 2, 3]);
  });

  it('fires a durable timer', async () => {
    const started = Date.now();
    const state = await run('TimerThenDone', 150);
    expect(outputOf(state)).toBe('timer-fired');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('delivers an external event raised after the wait', async () => {
    const id = runner.startNew('WaitApproval');
    await runner.waitForIdle();
    expect(runner.getStatus(id)?.runtimeStatus).toBe('Running');
    expect(JSON.parse(runner.getStatus(id)?.customStatusJson ?? 'null')).toEqual({ stage: 'waiting' });
    expect(runner.raiseEvent(id, 'approval', JSON.stringify('yes'))).toBe('accepted');
    expect(outputOf(await runner.waitForCompletion(id, 5000))).toEqual({ approval: 'yes' });
  });

  it('buffers an external event raised before the orchestrator waits', async () => {
    const id = runner.startNew('DelayedWait');
    runner.raiseEvent(id, 'approval', JSON.stringify('early'));
    expect(outputOf(await runner.waitForCompletion(id, 5000))).toBe('early');
  });

  it('retries with CallActivityWithRetry via timers in history', async () => {
    const state = await run('RetryFlaky', 'k1');
    expect(outputOf(state)).toBe('ok after 3');
    const scheduled = state.history.filter((e) => e.EventType === 4).map((e) => e.EventId);
    const timers = state.history.filter((e) => e.EventType === 10).map((e) => e.EventId);
    expect(scheduled).toEqual([0, 2, 4]);
    expect(timers).toEqual([1, 3]);
  });

  it('fails the retried task after the last attempt and lets the orchestrator catch it', async () => {
    const state = await run('RetryExhausted');
    expect(state.runtimeStatus).toBe('Completed');
    expect(outputOf(state)).toEqual({ caught: expect.stringContaining('always broken'), after: 'after-done' });
  });

  it('runs sub-orchestrations with default and explicit instance ids', async () => {
    const state = await run('Parent', undefined, 'parent-1');
    expect(outputOf(state)).toEqual(['child-a-done', 'child-b-done']);
    expect(runner.getStatus('parent-1:0000')?.runtimeStatus).toBe('Completed');
    expect(runner.getStatus('fixed-child-id')?.runtimeStatus).toBe('Completed');
  });

  it('continues as new with fresh history', async () => {
    const state = await run('Counter', 1);
    expect(outputOf(state)).toBe(3);
    expect(state.history.filter((e) => e.EventType === 0)).toHaveLength(1);
    expect(JSON.parse(state.inputJson ?? 'null')).toBe(3);
  });

  it('terminates a running instance and refuses a second terminate', async () => {
    const id = runner.startNew('Forever');
    await runner.waitForIdle();
    expect(runner.terminate(id, 'enough')).toBe('accepted');
    const state = await runner.waitForCompletion(id, 5000);
    expect(state.runtimeStatus).toBe('Terminated');
    expect(runner.terminate(id, 'again')).toBe('gone');
    expect(runner.raiseEvent(id, 'never', 'null')).toBe('gone');
  });

  it('refuses to start a running singleton but restarts a finished one', async () => {
    runner.startNew('Forever', { instanceId: 'singleton' });
    expect(() => runner.startNew('Forever', { instanceId: 'singleton' })).toThrow(/already exists/);
    runner.terminate('singleton', 'done');
    await runner.waitForCompletion('singleton', 5000);
    expect(runner.startNew('SingleActivity', { instanceId: 'singleton', inputJson: '"again"' })).toBe('singleton');
    expect(outputOf(await runner.waitForCompletion('singleton', 5000))).toBe('again-done');
  });

  it('prints a replay-safe log once', async () => {
    userLogs.length = 0;
    await run('ReplayLogging');
    expect(userLogs.filter((line) => line.includes('REPLAY-SAFE-MARKER'))).toHaveLength(1);
  });

  it('fails the orchestration with the exception message', async () => {
    const state = await run('Throws');
    expect(state.runtimeStatus).toBe('Failed');
    expect(outputOf(state)).toMatch(/boom/);
  });

  it('fails, not crashes, on unknown activity and orchestrator names', async () => {
    const missingActivity = await run('CallsMissing');
    expect(missingActivity.runtimeStatus).toBe('Failed');
    expect(outputOf(missingActivity)).toMatch(/NoSuchActivity/);
    const missingOrchestrator = await run('NoSuchOrchestrator');
    expect(outputOf(missingOrchestrator)).toMatch(/NoSuchOrchestrator/);
    expect(runner.counters.orchestratorReplays).toBeGreaterThan(0);
  });
});
