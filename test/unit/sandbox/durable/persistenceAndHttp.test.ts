import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { core, loadTestApp, newRunner, newStateDir, removeStateDirs } from './harness';
import { invokeRegisteredFunction } from '../../../../sandbox/host/invoke';
import type { DurableRunner } from '../../../../sandbox/durable';
import { InvalidInstanceIdError, MAX_INSTANCE_ID_LENGTH } from '../../../../sandbox/durable/runner';

jest.mock('@azure/functions-core', () => core.moduleExports(), { virtual: true });

beforeAll(() => {
  loadTestApp();
});
afterAll(() => removeStateDirs());

describe('persistence across runner restarts', () => {
  it('resumes an orchestration waiting on an external event', async () => {
    const stateDir = newStateDir();
    const first = newRunner(stateDir);
    await first.start();
    const id = first.startNew('WaitApproval', { instanceId: 'persisted-wait' });
    await first.waitForIdle();
    await first.stop();

    const second = newRunner(stateDir);
    await second.start();
    expect(second.getStatus(id)?.runtimeStatus).toBe('Running');
    second.raiseEvent(id, 'approval', '"after restart"');
    const state = await second.waitForCompletion(id, 5000);
    expect(JSON.parse(state.outputJson ?? 'null')).toEqual({ approval: 'after restart' });
    await second.stop();
  });

  it('keeps an instance whose id is as long as the extension allows (256 characters) across a restart', async () => {
    const stateDir = newStateDir();
    const first = newRunner(stateDir);
    await first.start();
    const id = first.startNew('WaitApproval', { instanceId: 'x'.repeat(MAX_INSTANCE_ID_LENGTH) });
    await first.waitForIdle();
    await first.stop();

    const second = newRunner(stateDir);
    await second.start();
    expect(second.getStatus(id)?.runtimeStatus).toBe('Running');
    await second.stop();
  });

  it('refuses the instance ids the extension refuses', () => {
    const runner = newRunner(newStateDir());
    for (const instanceId of ['x'.repeat(MAX_INSTANCE_ID_LENGTH + 1), '@entity', 'a/b', 'a#b', 'a?b', 'a\\b', 'a\u0001b']) {
      expect(() => runner.startNew('WaitApproval', { instanceId })).toThrow(InvalidInstanceIdError);
    }
  });

  it('fires at start a timer that came due while stopped', async () => {
    const stateDir = newStateDir();
    const first = newRunner(stateDir);
    await first.start();
    const id = first.startNew('TimerThenDone', { inputJson: String(10 * 60_000) });
    await first.waitForIdle();
    await first.stop();

    // Started again eleven minutes later (its clock, not a sleep): the ten-minute timer is overdue.
    const second = newRunner(stateDir, () => new Date(Date.now() + 11 * 60_000));
    await second.start();
    const state = await second.waitForCompletion(id, 1000);
    expect(JSON.parse(state.outputJson ?? 'null')).toBe('timer-fired');
    await second.stop();
  });
});

describe('HTTP management API through df.getClient', () => {
  let runner: DurableRunner;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    runner = newRunner(newStateDir());
    await runner.start();
    server = createServer((req, res) => {
      void runner.handleHttp(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.WEBSITE_HOSTNAME = baseUrl.replace('http://', '');
  });
  afterAll(async () => {
    await runner.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  const callHttpFunction = async (name: string, path: string, body: unknown, params: Record<string, string> = {}) => {
    const registration = core.registrations.get(name.toLowerCase());
    if (!registration) throw new Error(`no function ${name}`);
    const clientBinding = Object.keys(registration.metadata.bindings).find((key) => registration.metadata.bindings[key]?.type === 'durableClient');
    const result = await invokeRegisteredFunction(
      core,
      registration,
      {
        inputData: [
          {
            name: registration.triggerBindingName,
            data: { http: { method: 'POST', url: `${baseUrl}${path}`, headers: { 'content-type': 'application/json' }, body: { string: JSON.stringify(body) }, params, query: {} } },
          },
          { name: clientBinding ?? '', data: { string: JSON.stringify(runner.clientBindingData(baseUrl)) } },
        ],
      },
      () => undefined,
    );
    const http = (result.returnValue as { http: { statusCode: string; body?: { bytes?: Uint8Array; string?: string } } }).http;
    const text = http.body?.string ?? Buffer.from(http.body?.bytes ?? []).toString('utf8');
    return { status: Number(http.statusCode), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const ops = (op: string, id: string, data?: unknown) => callHttpFunction('DurableOps', '/api/ops', { op, id, data });

  it('starts with 202 + management URLs, then reports status and completes on a raised event', async () => {
    const started = await callHttpFunction('DurableStart', '/api/start/WaitApproval/http-1', null, { name: 'WaitApproval', id: 'http-1' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ id: 'http-1', statusQueryGetUri: expect.stringContaining(`${baseUrl}/runtime/webhooks/durabletask/instances/http-1`) });
    await runner.waitForIdle();
    expect((await ops('status', 'http-1')).body).toMatchObject({ runtimeStatus: 'Running', customStatus: { stage: 'waiting' } });
    expect((await ops('raise', 'http-1', 'ok')).body).toBe('raised');
    await runner.waitForCompletion('http-1', 5000);
    expect((await ops('status', 'http-1')).body).toMatchObject({ runtimeStatus: 'Completed', output: { approval: 'ok' } });
    expect((await ops('raise', 'http-1', 'late')).body).toBe('raised'); // 410 is success for the JS client
  });

  it('answers 409 for a running singleton, 404 for unknown ids, and terminates', async () => {
    expect((await ops('start', 'single-http')).body).toBe('single-http');
    const refused = await ops('start', 'single-http');
    expect(refused.status).toBe(500);
    expect(refused.body?.error).toMatch(/409/);
    expect((await ops('status', 'nobody')).body?.error).toMatch(/404/);
    expect((await ops('terminate', 'single-http')).body).toBe('terminated');
    await runner.waitForCompletion('single-http', 5000);
    expect((await ops('status', 'single-http')).body).toMatchObject({ runtimeStatus: 'Terminated', output: 'stop it' });
    const listed = (await ops('list', '')).body as unknown as Array<{ instanceId: string }>;
    expect(listed.map((s) => s.instanceId)).toEqual(expect.arrayContaining(['http-1', 'single-http']));
    expect((await ops('purge', 'single-http')).body).toEqual({ instancesDeleted: 1 });
    expect(runner.getStatus('single-http')).toBeUndefined();
  });

  it('answers 400, as the extension does, for an instance id it refuses (never a 500)', async () => {
    const longId = 'a'.repeat(MAX_INSTANCE_ID_LENGTH + 1);
    const response = await fetch(`${baseUrl}/runtime/webhooks/durabletask/orchestrators/WaitApproval/${longId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ Message: 'One or more of the arguments submitted is incorrect', ExceptionMessage: `Instance ID lengths must not exceed ${MAX_INSTANCE_ID_LENGTH} characters.` });
    expect(runner.getStatus(longId)).toBeUndefined();
  });

  it('leaves other paths to the caller', async () => {
    const response = await fetch(`${baseUrl}/api/other`);
    expect(response.status).toBe(404);
    const status = await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances/http-1`);
    expect(status.status).toBe(200);
  });

  it.each(['DELETE', 'GET'])('answers 400 naming the parameter for a created time that is not a date (%s)', async (method) => {
    const response = await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances/?createdTimeFrom=%23y%5D`, { method });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('createdTimeFrom');
  });
});
