import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startWorkerPool, type WorkerPool } from '../../../../sandbox/host/workerPool';
import { startFunctionsHost, type FunctionsHost } from '../../../../sandbox/host/server';
import type { CoreLogLevel } from '../../../../sandbox/host/functionsCore';

/** The app in two worker processes behind the real host: needs `npm run build` (the workers run the compiled worker). */
const root = join(__dirname, '..', '..', '..', '..');
const workerScript = join(root, 'build', 'sandbox', 'host', 'workerProcess.js');
const fixtureApp = join(root, 'test', 'fixtures', 'apps', 'workerFixture', 'index.js');

const logs: Array<{ level: CoreLogLevel; category: string; message: string }> = [];
let pool: WorkerPool;
let host: FunctionsHost;

beforeAll(async () => {
  if (!existsSync(workerScript)) throw new Error(`${workerScript} is missing: run npm run build first`);
  const log = (level: CoreLogLevel, category: string, message: string) => logs.push({ level, category, message });
  pool = await startWorkerPool({ entryPoint: fixtureApp, count: 2, log, env: { ...process.env }, workerScript });
  host = await startFunctionsHost({ core: pool, log, timers: { enabled: false } });
});
afterAll(async () => {
  await host?.close();
  await pool?.close();
});

const whoami = async () => (await (await fetch(`${host.baseUrl}/api/whoami`)).json()) as { pid: number; workerCount: string; seenHere: number };

describe('startWorkerPool', () => {
  it('takes the function metadata the workers report, as the host does', () => {
    expect([...pool.registrations.values()].map(({ name, triggerType }) => `${name}:${triggerType}`).sort()).toEqual([
      'bytes:httpTrigger',
      'crash:httpTrigger',
      'fails:httpTrigger',
      'onEvent:eventGridTrigger',
      'whoami:httpTrigger',
    ]);
  });

  it('spreads consecutive invocations over both processes, none of them the host, each with its own memory', async () => {
    const answers = [];
    for (let index = 0; index < 6; index += 1) answers.push(await whoami());
    const pids = new Set(answers.map(({ pid }) => pid));
    expect(pids.size).toBe(2);
    expect(pids.has(process.pid)).toBe(false);
    expect([...pids].sort()).toEqual([...pool.processIds()].sort());
    expect(answers.every(({ workerCount }) => workerCount === '2')).toBe(true);
    // Module state is per process: neither worker saw all six invocations.
    expect(Math.max(...answers.map(({ seenHere }) => seenHere))).toBe(3);
  });

  it('passes request and response bytes through the process boundary unchanged', async () => {
    const response = await fetch(`${host.baseUrl}/api/bytes`, { method: 'POST', body: new Uint8Array([1, 2, 3, 250]) });
    expect(response.status).toBe(201);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([250, 3, 2, 1]);
  });

  it("brings the handler's error back with its name and message, and logs which process threw it", async () => {
    const registration = pool.registrations.get('fails')!;
    const request = { inputData: [{ name: registration.triggerBindingName, data: { http: { method: 'GET', url: 'http://x/api/fails', headers: {}, params: {}, query: {} } } }] };
    const error = (await pool.invoke(registration, request).catch((caught: unknown) => caught)) as Error & { workerProcessId?: number };
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FixtureError');
    expect(error.message).toBe(`failed in ${error.workerProcessId}`);
    expect(pool.processIds()).toContain(error.workerProcessId);

    expect((await fetch(`${host.baseUrl}/api/fails`)).status).toBe(500);
    expect(logs.some(({ level, message }) => level === 'error' && /Executed 'Functions.fails' \(Failed, Duration=\d+ms, ProcessId=\d+\): FixtureError/.test(message))).toBe(true);
  });

  it("runs Event Grid invocations in the workers and forwards the app's logs", async () => {
    const delivery = await host.deliverEventGridEvents('onEvent', [{ id: 'e-1', subject: 's', eventType: 't', data: {}, dataVersion: '1', eventTime: new Date().toISOString() }]);
    expect(delivery.status).toBe(202);
    const line = logs.find(({ message }) => message.startsWith('event e-1 in '));
    expect(pool.processIds().map(String)).toContain(line?.message.split(' in ')[1]);
    const executed = logs.find(({ message }) => message.includes("Executed 'Functions.onEvent' (Succeeded"));
    expect(executed?.message).toMatch(/ProcessId=\d+\)$/);
  });

  it('fails the invocations of a worker that dies and starts it again', async () => {
    const before = pool.processIds();
    const crashed = await fetch(`${host.baseUrl}/api/crash`);
    expect(crashed.status).toBe(500);
    expect(logs.some(({ message }) => /Worker process \d+ exited \(code 3\); 1 invocation\(s\) failed; starting it again/.test(message))).toBe(true);
    const deadline = Date.now() + 20_000;
    const restarted = () => pool.stats().some((worker) => worker.restarts === 1) && pool.stats().every((worker) => worker.ready);
    while (!restarted() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = pool.processIds();
    expect(after.filter((pid) => !before.includes(pid))).toHaveLength(1);
    const pids = new Set<number>();
    for (let index = 0; index < 4; index += 1) pids.add((await whoami()).pid);
    expect([...pids].sort()).toEqual([...after].sort());
  });

  it('fails to start, naming the entry point, when the workers cannot load the app', async () => {
    const brokenApp = join(root, 'test', 'fixtures', 'apps', 'brokenApp', 'index.js');
    const started = startWorkerPool({ entryPoint: brokenApp, count: 2, log: () => undefined, env: { ...process.env }, workerScript });
    await expect(started).rejects.toMatchObject({ name: 'WorkerLoadError', message: expect.stringContaining(`Failed to load the function app entry point ${brokenApp}`) });
  });

  it('refuses a worker count Azure would not run', async () => {
    await expect(startWorkerPool({ entryPoint: fixtureApp, count: 0, log: () => undefined, env: {}, workerScript })).rejects.toThrow(/at least 1, got 0/);
  });
});
