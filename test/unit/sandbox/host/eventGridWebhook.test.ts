import { FunctionsCoreApi } from '../../../../sandbox/host/functionsCore';
import { startFixtureHost, type FixtureHost, type LogLine } from './fixtureHost';

const mockLogs: LogLine[] = [];
const mockCore = new FunctionsCoreApi((level, category, message) => mockLogs.push({ level, category, message }));
jest.mock('@azure/functions-core', () => mockCore.moduleExports(), { virtual: true });

const MASTER_KEY = 'eg-test-master';
const EVENT_GRID_KEY = 'eg-test-system-key';
let fixture: FixtureHost;

beforeAll(async () => {
  fixture = await startFixtureHost(mockCore, mockLogs, { keys: { master: MASTER_KEY, systemKeys: { eventgrid_extension: EVENT_GRID_KEY } } });
});
afterAll(() => fixture.host.close());
beforeEach(() => {
  fixture.calls.events.length = 0;
});

const webhook = (query: string, init: RequestInit = {}) =>
  fetch(`${fixture.host.baseUrl}/runtime/webhooks/eventgrid?${query}`, { method: 'POST', ...init });
const withKey = (functionName: string) => `functionName=${functionName}&code=${EVENT_GRID_KEY}`;
const eventGridEvent = (id: string, subject = 'resource') => ({
  id,
  subject,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  eventTime: '2026-01-01T00:00:00Z',
  dataVersion: '1',
  data: { resourceUri: `/subscriptions/s/${id}` },
});

describe('Event Grid webhook authorization and lookup', () => {
  it.each([
    { label: 'no key', query: 'functionName=egHandler', status: 401 },
    { label: 'a wrong key', query: 'functionName=egHandler&code=wrong', status: 401 },
    { label: 'an unknown function', query: withKey('nope'), status: 404 },
    { label: 'an HTTP function', query: withKey('hello'), status: 404 },
  ])('answers $status for $label', async ({ query, status }) => {
    const response = await webhook(query, { headers: { 'aeg-event-type': 'Notification' }, body: '[]' });
    expect(response.status).toBe(status);
  });

  it('names the unknown function like the extension does', async () => {
    const response = await webhook(withKey('nope'), { headers: { 'aeg-event-type': 'Notification' }, body: '[]' });
    expect(await response.text()).toBe("cannot find function: 'nope'");
  });

  it('accepts the master key instead of the system key', async () => {
    const response = await webhook(`functionName=egHandler&code=${MASTER_KEY}`, { headers: { 'aeg-event-type': 'Notification' }, body: '[]' });
    expect(response.status).toBe(202);
  });
});

describe('Event Grid webhook handshakes', () => {
  it('answers SubscriptionValidation with the validation code', async () => {
    const body = [{ id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'abc-123', validationUrl: 'https://x' } }];
    const response = await webhook(withKey('egHandler'), { headers: { 'aeg-event-type': 'SubscriptionValidation' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: 'abc-123' });
    expect(fixture.calls.events).toHaveLength(0);
  });

  it('reads a CloudEvents validation event whose data is double-encoded', async () => {
    const body = { specversion: '1.0', type: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: JSON.stringify({ validationCode: 'ce-9' }) };
    const response = await webhook(withKey('egHandler'), { headers: { 'aeg-event-type': 'SubscriptionValidation' }, body: JSON.stringify(body) });
    expect(await response.json()).toEqual({ validationResponse: 'ce-9' });
  });

  it.each([
    { label: 'a known Event Grid origin', origin: 'eventgrid.azure.us', allowed: 'eventgrid.azure.us' },
    { label: 'any other origin', origin: 'evil.example.com', allowed: 'eventgrid.azure.net' },
  ])('answers the CloudEvents OPTIONS handshake for $label', async ({ origin, allowed }) => {
    const response = await webhook(withKey('egHandler'), { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': origin } });
    expect(response.status).toBe(200);
    expect(response.headers.get('webhook-allowed-origin')).toBe(allowed);
  });
});

describe('Event Grid webhook notifications', () => {
  it('invokes the function once per event of an EventGrid schema array and answers 202', async () => {
    const events = [eventGridEvent('e1'), eventGridEvent('e2'), eventGridEvent('e3')];
    const response = await webhook(withKey('egHandler'), { headers: { 'aeg-event-type': 'Notification' }, body: JSON.stringify(events) });
    expect(response.status).toBe(202);
    expect(fixture.calls.events.map((event) => event.id).sort()).toEqual(['e1', 'e2', 'e3']);
    expect(fixture.calls.events[0]).toMatchObject({ eventType: 'Microsoft.Resources.ResourceWriteSuccess', data: { resourceUri: expect.any(String) } });
  });

  it('accepts a single CloudEvents object', async () => {
    const cloudEvent = { specversion: '1.0', id: 'c1', source: '/x', type: 'demo', subject: 'resource', data: { a: 1 } };
    const response = await webhook(withKey('egHandler'), {
      headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(cloudEvent),
    });
    expect(response.status).toBe(202);
    expect(fixture.calls.events).toEqual([expect.objectContaining({ id: 'c1', type: 'demo' })]);
  });

  it('answers 500 with the failure message when any invocation fails, after running every event', async () => {
    const events = [eventGridEvent('ok1'), eventGridEvent('bad', 'fail'), eventGridEvent('ok2')];
    const response = await webhook(withKey('egHandler'), { headers: { 'aeg-event-type': 'Notification' }, body: JSON.stringify(events) });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('could not handle bad');
    expect(fixture.calls.events).toHaveLength(3);
  });

  it.each([
    { label: 'malformed JSON', body: '[{"id": ', status: 400, text: /JSON/ },
    { label: 'a JSON scalar', body: '42', status: 400, text: /array of events or one event object/ },
  ])('answers $status for $label', async ({ body, status, text }) => {
    const response = await webhook(withKey('egHandler'), { headers: { 'aeg-event-type': 'Notification' }, body });
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(text);
    expect(fixture.calls.events).toHaveLength(0);
  });

  it.each<{ label: string; headers: Record<string, string>; status: number }>([
    { label: 'no aeg-event-type', headers: {}, status: 400 },
    { label: 'Unsubscribe', headers: { 'aeg-event-type': 'Unsubscribe' }, status: 202 },
  ])('answers $status for $label', async ({ headers, status }) => {
    const response = await webhook(withKey('egHandler'), { headers, body: JSON.stringify([eventGridEvent('x')]) });
    expect(response.status).toBe(status);
    expect(fixture.calls.events).toHaveLength(0);
  });
});

describe('deliverEventGridEvents', () => {
  it('delivers in-process through the notification path', async () => {
    await expect(fixture.host.deliverEventGridEvents('EGHANDLER', [eventGridEvent('p1'), eventGridEvent('p2')])).resolves.toEqual({ status: 202 });
    expect(fixture.calls.events.map((event) => event.id).sort()).toEqual(['p1', 'p2']);
  });

  it('reports failures and unknown functions without throwing', async () => {
    await expect(fixture.host.deliverEventGridEvents('egHandler', eventGridEvent('f', 'fail'))).resolves.toEqual({ status: 500, message: 'could not handle f' });
    await expect(fixture.host.deliverEventGridEvents('missing', [])).resolves.toMatchObject({ status: 404 });
  });
});
