import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DurableClient } from 'durable-functions';
import { SingletonRequestError, startOrSignal, type SingletonRequest } from '../../../orchestrations/startOrSignal';
import { clientBindingData } from '../../../sandbox/durable/clientBindingData';

/**
 * startOrSignal against durable-functions' real DurableClient: it talks HTTP to a scripted Durable extension on
 * 127.0.0.1, so the errors it throws are the client's own (plain Errors; startOrSignal never reads their text).
 */
type Answer = { status: number; body?: unknown };
type Script = (call: { method: string; path: string }) => Answer;

// The client class getClient(context) constructs; the package exports only its type.
const { DurableClient: RealDurableClient } = require('durable-functions/lib/src/durableClient/DurableClient') as { DurableClient: new (data: unknown) => DurableClient };

const instance = (runtimeStatus: string, customStatus?: unknown) => ({
  name: 'orchestrator',
  instanceId: 'singleton',
  createdTime: '2026-12-07T10:00:00Z',
  lastUpdatedTime: '2026-12-07T10:00:01Z',
  input: null,
  output: null,
  runtimeStatus,
  ...(customStatus === undefined ? {} : { customStatus }),
});

let server: Server;
let script: Script;
let calls: string[];
let client: DurableClient;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const method = request.method ?? 'GET';
    request.resume();
    request.on('end', () => {
      const kind = path.includes('/raiseEvent/') ? 'raise' : path.includes('/orchestrators/') ? 'start' : 'status';
      calls.push(kind);
      const answer = script({ method, path });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new RealDurableClient(clientBindingData(`http://127.0.0.1:${port}`, 'hub', 'system-key'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  calls = [];
});

const request: SingletonRequest = { instanceId: 'singleton', orchestrator: 'orchestrator', input: { pass: 1 }, event: { name: 'rerun', data: { reason: 'test' } }, what: 'the test singleton', attempts: 3 };
const started = { status: 202, body: { id: 'singleton' } };
const conflict = { status: 409, body: { message: 'An instance with ID singleton already exists.' } };

/** An extension holding one instance: `state` undefined means none. Raise answers 202/404, or 410 once it ended. */
function extension(initial: string | undefined, onStart: () => Answer = () => started): Script {
  let state = initial;
  return ({ path }) => {
    if (path.includes('/raiseEvent/')) return state === undefined ? { status: 404 } : running(state) ? { status: 202 } : { status: 410 };
    if (path.includes('/orchestrators/')) {
      const answer = onStart();
      if (answer.status === 202 || answer.status === 409) state = 'Running';
      return answer;
    }
    return state === undefined ? { status: 404 } : { status: 200, body: instance(state) };
  };
}
const running = (state: string) => ['Running', 'Pending', 'ContinuedAsNew'].includes(state);

describe('startOrSignal', () => {
  it('starts a singleton that does not exist (raise answers 404): two calls', async () => {
    script = extension(undefined);
    await expect(startOrSignal(client, request)).resolves.toBe('started');
    expect(calls).toEqual(['raise', 'start']);
  });

  it('folds the request into a running instance: raise and one look', async () => {
    script = extension('Running');
    await expect(startOrSignal(client, request)).resolves.toBe('coalesced');
    expect(calls).toEqual(['raise', 'status']);
  });

  it('starts a fresh instance when the raise landed on one that had ended (410, swallowed by the client)', async () => {
    script = extension('Completed');
    await expect(startOrSignal(client, request)).resolves.toBe('started');
    expect(calls).toEqual(['raise', 'status', 'start']);
  });

  it('a 409 on start (another request started it meanwhile) raises into that instance on the next round', async () => {
    script = extension(undefined, () => conflict);
    await expect(startOrSignal(client, request)).resolves.toBe('coalesced');
    expect(calls).toEqual(['raise', 'start', 'raise', 'status']);
  });

  it('does not read a failed start: it looks again, and after its attempts throws the last failure as the cause', async () => {
    script = extension(undefined, () => ({ status: 500, body: { message: 'storage down' } }));
    const failure = await startOrSignal(client, request).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(failure).toBeInstanceOf(SingletonRequestError);
    expect((failure as SingletonRequestError).code).toBe('singleton-request-failed');
    expect((failure as Error).message).toMatch(/^Could not start or signal the test singleton after 3 attempts \(last failure: .*500/);
    expect((failure as Error).cause).toBeInstanceOf(Error);
    expect(calls).toEqual(['raise', 'start', 'raise', 'start', 'raise', 'start']);
  });

  it('a start whose answer is lost after the instance started is found running on the next round', async () => {
    const inner = extension(undefined);
    let starts = 0;
    script = (call) => {
      const answer = inner(call); // the extension starts the instance ...
      if (call.path.includes('/orchestrators/') && ++starts === 1) return { status: 500, body: { message: 'timed out after commit' } }; // ... but the caller hears 500
      return answer;
    };
    await expect(startOrSignal(client, request)).resolves.toBe('coalesced');
    expect(calls).toEqual(['raise', 'start', 'raise', 'status']);
  });

  it('gives up after the attempts it was given, naming what it asked for', async () => {
    // Every round: the instance has just ended when we look, and someone else wins the start.
    script = ({ path }) => (path.includes('/raiseEvent/') ? { status: 410 } : path.includes('/orchestrators/') ? conflict : { status: 200, body: instance('Completed') });
    await expect(startOrSignal(client, { ...request, attempts: 2 })).rejects.toThrow('Could not start or signal the test singleton after 2 attempts');
    expect(calls).toEqual(['raise', 'status', 'start', 'raise', 'status', 'start']);
  });

  it('trusts "running" only after settle says so (an instance in its last look that then completes is started again)', async () => {
    let looks = 0;
    script = ({ path }) => {
      if (path.includes('/raiseEvent/')) return { status: 202 };
      if (path.includes('/orchestrators/')) return started;
      looks += 1;
      return { status: 200, body: looks === 1 ? instance('Running', { stage: 'last-look' }) : instance('Completed') };
    };
    const settle: SingletonRequest['settle'] = async (status, reread) => ((status?.customStatus as { stage?: string } | undefined)?.stage === 'last-look' ? reread() : status);
    await expect(startOrSignal(client, { ...request, settle })).resolves.toBe('started');
    expect(calls).toEqual(['raise', 'status', 'status', 'start']);
  });
});
