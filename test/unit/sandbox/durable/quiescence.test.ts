import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { core, loadTestApp, newRunner, newStateDir, removeStateDirs } from './harness';
import { NotQuiescentError, type DurableRunner } from '../../../../sandbox/durable';
import { serveIdle, IDLE_PATH } from '../../../../sandbox/durable/idleApi';

jest.mock('@azure/functions-core', () => core.moduleExports(), { virtual: true });

/** The runner's explicit idle signal, which tests use instead of "wait N s and check nothing happened". */
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

const status = (id: string) => runner.getStatus(id)?.runtimeStatus;

describe('whenQuiescent', () => {
  it('waits for activities and the episodes after them: the instance has completed when it resolves', async () => {
    const id = runner.startNew('FanOut', { inputJson: '[1,2,3]' });
    await runner.whenQuiescent({ stableForMs: 0 });
    expect(status(id)).toBe('Completed');
  });

  it('waits for a timer due within the horizon, and what the timer leads to', async () => {
    const id = runner.startNew('TimerThenDone', { inputJson: '150' });
    await runner.whenQuiescent({ timerHorizonMs: 30_000 });
    expect(status(id)).toBe('Completed');
  });

  it('a timer beyond the horizon or a wait for an event does not count: quiet while the instances still run', async () => {
    const later = runner.startNew('TimerThenDone', { inputJson: String(10 * 60_000) });
    const waiting = runner.startNew('WaitApproval');
    await runner.whenQuiescent({ timerHorizonMs: 60_000 });
    expect([status(later), status(waiting)]).toEqual(['Running', 'Running']);
    expect(runner.pendingWork(60_000)).toEqual([]);
  });

  it('names what is still pending when it does not become quiet in time', async () => {
    const id = runner.startNew('TimerThenDone', { inputJson: String(10 * 60_000) });
    await runner.whenQuiescent({ timerHorizonMs: 0 });
    const error = await runner.whenQuiescent({ timerHorizonMs: 20 * 60_000, timeoutMs: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotQuiescentError);
    expect((error as NotQuiescentError).busy).toEqual([expect.stringMatching(new RegExp(`^${id}: timer due `))]);
  });

  it('counts work outside the runner (e.g. Event Grid deliveries in flight)', async () => {
    const error = await runner.whenQuiescent({ timeoutMs: 80, otherWork: () => ['1 Event Grid delivery pending'] }).catch((caught: unknown) => caught);
    expect((error as NotQuiescentError).busy).toEqual(['1 Event Grid delivery pending']);
  });

  it('an event raised into a waiting instance is work until its episode has run', async () => {
    const id = runner.startNew('WaitApproval');
    await runner.whenQuiescent();
    runner.raiseEvent(id, 'approval', '"yes"');
    await runner.whenQuiescent({ stableForMs: 0 });
    expect(status(id)).toBe('Completed');
  });
});

describe(`GET ${IDLE_PATH}`, () => {
  let server: Server;
  let base: string;
  let other: string[] = [];
  beforeEach(async () => {
    other = [];
    server = createServer((req, res) => {
      void serveIdle(req, res, runner, { authorize: (key) => key === 'master', otherWork: () => other }).then((handled) => handled || res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${IDLE_PATH}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const get = (query = '', key = 'master') => fetch(`${base}${query}`, { headers: key ? { 'x-functions-key': key } : {} });

  it('answers 200 once idle', async () => {
    const id = runner.startNew('SingleActivity', { inputJson: '"x"' });
    const response = await get();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ idle: true });
    expect(status(id)).toBe('Completed');
  });

  it('answers 503 naming the pending work after timeoutMs', async () => {
    other = ['2 Event Grid delivery(ies) pending'];
    const response = await get('?timeoutMs=50');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ idle: false, busy: other });
  });

  it.each([
    ['?timeoutMs=-1', 'timeoutMs'],
    ['?timerHorizonMs=soon', 'timerHorizonMs'],
    ['?stableForMs=1e3', 'stableForMs'],
    ['?timeoutMs=600001', 'timeoutMs'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(new RegExp(`^${parameter} must be`));
  });

  it('requires the master key', async () => {
    expect((await get('', '')).status).toBe(401);
    expect((await get('', 'function-key')).status).toBe(401);
  });
});
