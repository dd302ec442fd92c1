import { request } from 'node:http';
import { FunctionsCoreApi } from '../../../../sandbox/host/functionsCore';
import { startFixtureHost, type FixtureHost, type LogLine } from './fixtureHost';

const mockLogs: LogLine[] = [];
const mockCore = new FunctionsCoreApi((level, category, message) => mockLogs.push({ level, category, message }));
jest.mock('@azure/functions-core', () => mockCore.moduleExports(), { virtual: true });

const FUNCTION_KEY = 'test-function-key';
const MASTER_KEY = 'test-master-key';
let fixture: FixtureHost;

beforeAll(async () => {
  fixture = await startFixtureHost(mockCore, mockLogs, {
    keys: { master: MASTER_KEY, functionKeys: { default: FUNCTION_KEY } },
    extraInputs: (bindingType) => (bindingType === 'durableClient' ? { json: '{"taskHubName":"SandboxHub"}' } : undefined),
    mounts: [
      async (request, response) => {
        if (request.url !== '/mounted') return false;
        response.end('from mount');
        return true;
      },
      async (request) => {
        if (request.url === '/mount-throws') throw new Error('mount failure');
        return false;
      },
      // Like the sandbox's own mounts (page, Teams sink, Durable API): they parse the target as a URL.
      async (request) => new URL(request.url ?? '/', 'http://sandbox').pathname === '/parsed-by-mount',
    ],
  });
});
afterAll(() => fixture.host.close());

const call = (path: string, init?: RequestInit) => fetch(`${fixture.host.baseUrl}${path}`, init);

describe('HTTP trigger routing', () => {
  it.each([
    { label: 'a {name} parameter', path: '/api/hello/World', body: 'Hello World' },
    { label: 'a case-insensitive literal and query', path: '/API/Hello/Ann?punct=!', body: 'Hello Ann!' },
    { label: 'a percent-encoded parameter', path: '/api/hello/J%C3%BCrgen', body: 'Hello Jürgen' },
    { label: 'a trailing slash', path: '/api/hello/Bo/', body: 'Hello Bo' },
  ])('passes $label to the handler', async ({ path, body }) => {
    const response = await call(path);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
  });

  it.each([
    { label: 'an int', path: '/api/items/42', expected: { kind: 'int', id: '42' } },
    { label: 'a guid', path: '/api/items/0f8fad5b-d9cb-469f-a165-70867728950e', expected: { kind: 'guid', id: '0f8fad5b-d9cb-469f-a165-70867728950e' } },
    { label: 'an optional parameter present', path: '/api/opt/7', expected: { id: '7' } },
    { label: 'an optional parameter absent', path: '/api/opt', expected: { id: null } },
    { label: 'a catch-all with slashes', path: '/api/files/a/b/c.txt', expected: { rest: 'a/b/c.txt' } },
    { label: 'an empty catch-all', path: '/api/files', expected: { rest: null } },
  ])('routes by constraint: $label', async ({ path, expected }) => {
    const response = await call(path);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expected);
  });

  it.each([
    { label: 'a value failing every constraint', path: '/api/items/abc' },
    { label: 'an unknown route', path: '/api/nothing-here' },
    { label: 'a path outside the prefix', path: '/hello/World' },
    { label: 'a missing required parameter', path: '/api/hello' },
  ])('answers 404 for $label', async ({ path }) => {
    expect((await call(path)).status).toBe(404);
  });

  it('answers 405 with Allow when the route exists but not for the method', async () => {
    const response = await call('/api/items/42', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('uses the function name as the route when the binding has none', async () => {
    const response = await call('/api/boom');
    expect(response.status).toBe(500);
  });
});

describe('HTTP trigger auth levels', () => {
  it.each<{ label: string; path: string; headers: Record<string, string>; status: number }>([
    { label: 'function level without a key', path: '/api/echo', headers: {}, status: 401 },
    { label: 'function level with a wrong key', path: '/api/echo?code=nope', headers: {}, status: 401 },
    { label: 'function level with the function key in ?code', path: `/api/echo?code=${FUNCTION_KEY}`, headers: {}, status: 201 },
    { label: 'function level with the function key header', path: '/api/echo', headers: { 'x-functions-key': FUNCTION_KEY }, status: 201 },
    { label: 'function level with the master key', path: '/api/echo', headers: { 'x-functions-key': MASTER_KEY }, status: 201 },
  ])('$label -> $status', async ({ path, headers, status }) => {
    const response = await call(path, { method: 'POST', headers, body: 'x' });
    expect(response.status).toBe(status);
  });

  it.each([
    { label: 'admin level with a function key', key: FUNCTION_KEY, status: 401 },
    { label: 'admin level with the master key', key: MASTER_KEY, status: 200 },
  ])('$label -> $status', async ({ key, status }) => {
    expect((await call('/api/secret', { headers: { 'x-functions-key': key } })).status).toBe(status);
  });
});

describe('HTTP trigger request and response', () => {
  it('round-trips binary body bytes, status, headers and cookies', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    const response = await call('/api/echo', {
      method: 'POST',
      headers: { 'x-functions-key': FUNCTION_KEY, 'content-type': 'application/x-test' },
      body: bytes,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/x-test');
    expect(response.headers.get('x-echo-length')).toBe(String(bytes.length));
    expect(response.headers.get('set-cookie')).toBe('seen=yes; Path=/; HttpOnly; SameSite=Strict');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('answers a handler exception with a bare 500, logs the error and keeps serving', async () => {
    const response = await call('/api/boom');
    const body = await response.text();
    expect(response.status).toBe(500);
    expect(body).not.toContain('secret failure detail');
    expect(body).not.toContain(' at ');
    expect(mockLogs.some((line) => line.level === 'error' && line.message.includes('secret failure detail'))).toBe(true);
    expect((await call('/api/hello/again')).status).toBe(200);
  });
});

describe('extra inputs and mounts', () => {
  it('fills non-trigger input bindings from extraInputs', async () => {
    const response = await call('/api/withClient');
    expect(await response.json()).toEqual({ client: { taskHubName: 'SandboxHub' } });
  });

  it('lets a mount answer before routing', async () => {
    const response = await call('/mounted');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('from mount');
  });

  it('answers 400, before any mount sees it, a request target that is no URL', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const target = new URL(fixture.host.baseUrl);
      const sent = request({ host: target.hostname, port: target.port, method: 'DELETE', path: '//%3ESu%40m%2C0/%?&code=x' }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      sent.on('error', reject);
      sent.end();
    });
    expect(status).toBe(400);
  });

  it('answers 500 when a mount throws and keeps serving', async () => {
    expect((await call('/mount-throws')).status).toBe(500);
    expect(mockLogs.some((line) => line.level === 'error' && line.message.includes('mount failure'))).toBe(true);
    expect((await call('/api/hello/still')).status).toBe(200);
  });
});

describe('listEndpoints', () => {
  it('describes each function with its trigger, URL, methods, auth level or schedule', () => {
    const endpoints = fixture.host.listEndpoints();
    const byName = Object.fromEntries(endpoints.map((endpoint) => [endpoint.name, endpoint]));
    expect(byName.hello).toEqual({
      name: 'hello',
      trigger: 'httpTrigger',
      url: `${fixture.host.baseUrl}/api/hello/{name}`,
      methods: ['GET', 'POST'],
      authLevel: 'anonymous',
    });
    expect(byName.echo).toMatchObject({ url: `${fixture.host.baseUrl}/api/echo`, authLevel: 'function' });
    expect(byName.egHandler).toMatchObject({
      trigger: 'eventGridTrigger',
      url: `${fixture.host.baseUrl}/runtime/webhooks/eventgrid?functionName=egHandler`,
      authLevel: 'system',
    });
    expect(byName.tick).toMatchObject({ trigger: 'timerTrigger', schedule: '* * * * * *', runOnStartup: false });
    expect(JSON.stringify(endpoints)).not.toContain(MASTER_KEY);
  });
});
