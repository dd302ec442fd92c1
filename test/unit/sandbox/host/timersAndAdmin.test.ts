import { FunctionsCoreApi } from '../../../../sandbox/host/functionsCore';
import { startFixtureHost, waitFor, type FixtureHost, type LogLine } from './fixtureHost';

const mockLogs: LogLine[] = [];
const mockCore = new FunctionsCoreApi((level, category, message) => mockLogs.push({ level, category, message }));
jest.mock('@azure/functions-core', () => mockCore.moduleExports(), { virtual: true });

const MASTER_KEY = 'admin-test-master';
const FUNCTION_KEY = 'admin-test-function-key';
let fixture: FixtureHost;

beforeAll(async () => {
  fixture = await startFixtureHost(mockCore, mockLogs, {
    keys: { master: MASTER_KEY, functionKeys: { default: FUNCTION_KEY } },
    timers: { enabled: true },
  });
});
afterAll(() => fixture.host.close());

const admin = (path: string, init: RequestInit = {}, key = MASTER_KEY) =>
  fetch(`${fixture.host.baseUrl}${path}`, { method: 'POST', ...init, headers: { 'x-functions-key': key, ...init.headers } });
const isoTimestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

describe('timer schedules', () => {
  it('fires an every-second NCRONTAB timer with the timer payload', async () => {
    await waitFor(() => fixture.calls.ticks.length >= 2, 4000);
    const [first, second] = fixture.calls.ticks;
    expect(first).toEqual({
      schedule: { adjustForDST: true },
      scheduleStatus: { last: isoTimestamp, next: isoTimestamp, lastUpdated: isoTimestamp },
      isPastDue: false,
    });
    const status = (timer: Record<string, unknown>) => timer.scheduleStatus as { last: string; next: string };
    // Last and Next are the occurrences either side of the one that fired; the second run's Last is the first's occurrence.
    expect(Date.parse(status(first!).next) - Date.parse(status(first!).last)).toBe(2000);
    expect(Date.parse(status(second!).last)).toBe(Date.parse(status(first!).next) - 1000);
  });

  it('lists timers with their schedule and admin URL', () => {
    const nightly = fixture.host.listEndpoints().find((endpoint) => endpoint.name === 'nightly');
    expect(nightly).toMatchObject({ schedule: '0 0 3 * * *', adminUrl: `${fixture.host.baseUrl}/admin/functions/nightly` });
  });

  it('never overlaps two runs of the same timer', async () => {
    await Promise.all([fixture.host.runTimer('slow'), fixture.host.runTimer('slow'), fixture.host.runTimer('SLOW')]);
    expect(fixture.calls.slow).toHaveLength(1);
    expect(fixture.calls.slowMaxConcurrent).toBe(1);
  });
});

describe('admin API: POST /admin/functions/<name>', () => {
  it('runs a timer function now (ignoring input) and answers 202', async () => {
    const response = await admin('/admin/functions/nightly', { body: JSON.stringify({ input: 'ignored' }) });
    expect(response.status).toBe(202);
    await waitFor(() => fixture.calls.nightly.length === 1);
    expect(fixture.calls.nightly[0]).toMatchObject({ isPastDue: false, scheduleStatus: { next: expect.stringMatching(/T03:00:00/) } });
  });

  it('runs an Event Grid function with the input as its event', async () => {
    const event = { id: 'admin-1', subject: 's', eventType: 'demo', data: { n: 1 }, dataVersion: '1', eventTime: '2026-01-01T00:00:00Z' };
    const response = await admin('/admin/functions/egHandler', { body: JSON.stringify({ input: JSON.stringify(event) }) });
    expect(response.status).toBe(202);
    await waitFor(() => fixture.calls.events.some((received) => received.id === 'admin-1'));
  });

  it.each([
    { label: 'an unknown function', path: '/admin/functions/nope', body: '{"input":""}', key: MASTER_KEY, status: 404 },
    { label: 'no master key', path: '/admin/functions/nightly', body: '{"input":""}', key: FUNCTION_KEY, status: 401 },
    { label: 'a body that is not a JSON object', path: '/admin/functions/nightly', body: 'input', key: MASTER_KEY, status: 400 },
    { label: 'an HTTP function', path: '/admin/functions/hello', body: '{"input":""}', key: MASTER_KEY, status: 400 },
  ])('answers $status for $label', async ({ path, body, key, status }) => {
    expect((await admin(path, { body }, key)).status).toBe(status);
  });

  it('reports host status to the master key', async () => {
    const response = await admin('/admin/host/status', { method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ state: 'Running' });
  });
});

describe('close', () => {
  it('stops the timers and the server', async () => {
    await fixture.host.close();
    const ticks = fixture.calls.ticks.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fixture.calls.ticks.length).toBe(ticks);
    await expect(fetch(`${fixture.host.baseUrl}/api/hello/x`)).rejects.toThrow();
  });
});
