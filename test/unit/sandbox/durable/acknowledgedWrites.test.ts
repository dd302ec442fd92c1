import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { core, loadTestApp, newStateDir, removeStateDirs } from './harness';
import { invokeRegisteredFunction } from '../../../../sandbox/host/invoke';
import { createDurableRunner, type DurableRunner } from '../../../../sandbox/durable';

jest.mock('@azure/functions-core', () => core.moduleExports(), { virtual: true });

/**
 * The Durable management API as Azure serves it: the system key is required on the public webhook, and what it
 * acknowledged (a start, a raised event) is already on disk when the 2xx arrives, so a kill -9 right after it
 * (simulated by reading the state files without stopping the runner) loses nothing.
 */
const SYSTEM_KEY = 'durable-system-key-for-tests';
let runner: DurableRunner;
let server: Server;
let baseUrl: string;
let stateDir: string;

beforeAll(async () => {
  loadTestApp();
  stateDir = newStateDir();
  runner = createDurableRunner(
    {
      registrations: () => core.registrations,
      invoke: (registration, inputData) => invokeRegisteredFunction(core, registration, { inputData }, () => undefined),
      stateDir,
      taskHub: 'TestHub',
      log: () => undefined,
      persistDelayMs: 60_000, // nothing would reach the disk on its own during this test
    },
    { systemKey: SYSTEM_KEY, authorize: (key) => key === SYSTEM_KEY },
  );
  await runner.start();
  server = createServer((req, res) => void runner.handleHttp(req, res).then((handled) => (handled ? undefined : res.writeHead(404).end())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await runner.stop();
  await new Promise((resolve) => server.close(resolve));
  removeStateDirs();
});

const onDisk = (instanceId: string) => {
  const directory = join(stateDir, 'TestHub', 'instances');
  const file = readdirSync(directory).find((name) => name === `${encodeURIComponent(instanceId)}.json`);
  return file ? (JSON.parse(readFileSync(join(directory, file), 'utf8')) as { inbox: Array<{ event: { Name?: string } }>; history: Array<{ Name?: string }> }) : undefined;
};

it('refuses the public webhook without the system key (401) and accepts it with the key', async () => {
  expect((await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances`)).status).toBe(401);
  expect((await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances?code=wrong`)).status).toBe(401);
  expect((await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances?code=${SYSTEM_KEY}`)).status).toBe(200);
  expect((await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances`, { headers: { 'x-functions-key': SYSTEM_KEY } })).status).toBe(200);
  // The host-local RPC path the client binding uses needs no key (loopback only).
  expect((await fetch(`${baseUrl}/durabletask/instances`)).status).toBe(200);
  expect(runner.clientBindingData(baseUrl)).toMatchObject({ rpcBaseUrl: `${baseUrl}/durabletask/`, requiredQueryStringParameters: expect.stringContaining(`code=${SYSTEM_KEY}`) });
});

it('has a started instance and a raised event on disk when it answers', async () => {
  const started = await fetch(`${baseUrl}/durabletask/orchestrators/WaitApproval/ack-1`, { method: 'POST' });
  expect(started.status).toBe(202);
  expect(onDisk('ack-1')).toBeDefined();
  await runner.waitForIdle();
  const raised = await fetch(`${baseUrl}/durabletask/instances/ack-1/raiseEvent/approval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"yes"' });
  expect(raised.status).toBe(202);
  const state = onDisk('ack-1');
  const names = [...(state?.inbox.map((entry) => entry.event.Name) ?? []), ...(state?.history.map((event) => event.Name) ?? [])];
  expect(names).toContain('approval');
});

it('answers 400, not 500, to a path that is not validly percent-encoded, and 404 to an unknown operation', async () => {
  expect((await fetch(`${baseUrl}/durabletask/instances/%E0%A4%A`)).status).toBe(400);
  expect((await fetch(`${baseUrl}/durabletask/instances/ack-1/frobnicate`, { method: 'POST' })).status).toBe(404);
});

it('refuses an event payload or input that is not JSON, or nests deeper than Json.NET reads (400), before it reaches a replay', async () => {
  expect((await fetch(`${baseUrl}/durabletask/orchestrators/WaitApproval/json-1`, { method: 'POST' })).status).toBe(202);
  await runner.waitForIdle();
  const raise = (body: string) => fetch(`${baseUrl}/durabletask/instances/json-1/raiseEvent/approval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect((await raise('{"not json')).status).toBe(400);
  expect((await raise(`${'['.repeat(100)}${']'.repeat(100)}`)).status).toBe(400);
  expect((await fetch(`${baseUrl}/durabletask/orchestrators/WaitApproval/json-2`, { method: 'POST', body: `${'{"a":'.repeat(100)}1${'}'.repeat(100)}` })).status).toBe(400);
  expect(runner.getStatus('json-1')?.runtimeStatus).toBe('Running');
  expect((await raise('"fine"')).status).toBe(202);
  expect(JSON.parse((await runner.waitForCompletion('json-1', 5000)).outputJson ?? 'null')).toEqual({ approval: 'fine' });
});
