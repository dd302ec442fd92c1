import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeamsPoster } from '../../../../../shared/azure/teams';
import { toWorkflowsPayload } from '../../../../../shared/core/cards';
import { adaptiveCard, paragraph } from '../../../../../shared/core/cards/cardFrame';
import { createTeamsSink, TEAMS_AVAILABILITY_PATH, TEAMS_SINK_PATH, type TeamsSink, type TeamsSinkOptions } from '../../../../../sandbox/emulators/teams/teamsSink';

const card = (text: string) => adaptiveCard([paragraph(text)]);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let server: Server;
let sink: TeamsSink;
let base: string;
let storeDir: string;

async function start(options: TeamsSinkOptions = {}) {
  sink = createTeamsSink(options);
  server = createServer((req, res) => {
    if (!sink.handle(req, res)) res.writeHead(404).end('not the sink');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
const webhook = () => `${base}${TEAMS_SINK_PATH}/sig-abc123?api-version=1`;
const postJson = (body: unknown) => fetch(webhook(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeEach(() => {
  storeDir = mkdtempSync(join(tmpdir(), 'teams-sink-'));
});
afterEach(async () => {
  await stop();
  rmSync(storeDir, { recursive: true, force: true });
});

describe('createTeamsSink', () => {
  it('accepts a Workflows message with 202 and lists messages newest first', async () => {
    await start();
    expect((await postJson(toWorkflowsPayload(card('first')))).status).toBe(202);
    expect((await postJson(toWorkflowsPayload(card('second')))).status).toBe(202);
    const listed = (await (await fetch(`${base}${TEAMS_SINK_PATH}`)).json()) as { payload: unknown }[];
    expect(listed.map((message) => JSON.stringify(message.payload))).toEqual([
      JSON.stringify(toWorkflowsPayload(card('second'))),
      JSON.stringify(toWorkflowsPayload(card('first'))),
    ]);
    expect(sink.messages()).toHaveLength(2);
  });

  it.each([
    { label: 'a bare card', body: card('x'), message: 'A bare Adaptive Card is not accepted' },
    { label: 'a wrong type', body: { type: 'note', attachments: [] }, message: '"type" must be "message"' },
    { label: 'no attachments', body: { type: 'message', attachments: [] }, message: '"attachments" must be a non-empty array' },
    {
      label: 'a wrong contentType',
      body: { type: 'message', attachments: [{ contentType: 'application/json', content: card('x') }] },
      message: 'contentType must be "application/vnd.microsoft.card.adaptive"',
    },
    { label: 'a non-card content', body: { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: 'hi' }] }, message: 'content must be the Adaptive Card object' },
  ])('answers 400 with a clear message to $label', async ({ body, message }) => {
    await start();
    const response = await postJson(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
    expect(sink.messages()).toHaveLength(0);
  });

  it('answers 400 to invalid JSON', async () => {
    await start();
    const response = await fetch(webhook(), { method: 'POST', body: '{nope' });
    expect(response.status).toBe(400);
  });

  it('answers 413 above maxBytes', async () => {
    await start({ maxBytes: 28 * 1024 });
    const response = await postJson(toWorkflowsPayload(card('x'.repeat(28 * 1024))));
    expect(response.status).toBe(413);
    expect(sink.messages()).toHaveLength(0);
  });

  it('injects failures with Retry-After, which the real poster retries through', async () => {
    await start();
    sink.setFailures(2, 429, '2');
    const sleeps: number[] = [];
    const poster = createTeamsPoster({ webhookUrl: webhook(), logger: silent, sleep: async (ms) => void sleeps.push(ms) });
    const result = await poster.post(card('after throttling'), { summary: 'test' });
    expect(result).toMatchObject({ delivered: true, status: 202, attempts: 3 });
    expect(sleeps).toEqual([2000, 2000]);
    expect(sink.messages()).toHaveLength(1);
  });

  it('keeps messages across a restart when given a store path', async () => {
    const storePath = join(storeDir, 'nested', 'teams.jsonl');
    await start({ storePath });
    await postJson(toWorkflowsPayload(card('persisted')));
    await stop();
    await start({ storePath });
    expect(JSON.stringify(sink.messages()[0]?.payload)).toContain('persisted');
  });

  it('skips a message cut short by a crash when it reloads', async () => {
    const storePath = join(storeDir, 'crashed', 'teams.jsonl');
    await start({ storePath });
    await postJson(toWorkflowsPayload(card('complete')));
    await stop();
    appendFileSync(storePath, '{"id":"half-written","payl');
    await start({ storePath });
    expect(sink.messages()).toHaveLength(1);
    expect(JSON.stringify(sink.messages()[0]?.payload)).toContain('complete');
    await postJson(toWorkflowsPayload(card('after the crash')));
    await stop();
    await start({ storePath });
    expect(sink.messages().map((message) => JSON.stringify(message.payload).includes('after the crash'))).toEqual([true, false]);
  });

  it('clears on DELETE and ignores other paths', async () => {
    await start();
    await postJson(toWorkflowsPayload(card('x')));
    expect((await fetch(`${base}${TEAMS_SINK_PATH}`, { method: 'DELETE' })).status).toBe(204);
    expect(sink.messages()).toHaveLength(0);
    const other = await fetch(`${base}/api/compliance`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not the sink');
  });

  describe('availability (Teams taken away)', () => {
    const putAvailability = (body: unknown) => fetch(`${base}${TEAMS_AVAILABILITY_PATH}`, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body) });

    it('answers every POST with the chosen status and Retry-After while down, stores nothing, and takes messages again once back', async () => {
      await start();
      expect(await (await putAvailability({ available: false, status: 429, retryAfter: '7' })).json()).toEqual({ available: false, status: 429, retryAfter: '7', refused: 0 });
      for (let index = 0; index < 2; index += 1) {
        const refused = await postJson(toWorkflowsPayload(card('while down')));
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe('7');
      }
      expect(sink.messages()).toHaveLength(0);
      expect(await (await fetch(`${base}${TEAMS_AVAILABILITY_PATH}`)).json()).toMatchObject({ available: false, refused: 2 });

      await putAvailability({ available: true });
      expect((await postJson(toWorkflowsPayload(card('back')))).status).toBe(202);
      expect(sink.messages()).toHaveLength(1);
    });

    it('makes the poster give up with the status it saw, never the webhook URL', async () => {
      await start();
      sink.setAvailability({ available: false, status: 503 });
      const result = await createTeamsPoster({ webhookUrl: webhook(), logger: silent, maxAttempts: 2, sleep: async () => undefined }).post(card('x'), { summary: 'x' });
      expect(result).toMatchObject({ delivered: false, reason: 'retries-exhausted', status: 503, attempts: 2 });
      expect(result.error).not.toContain('sig-abc123');
    });

    it.each([
      { label: 'no JSON', body: 'down please', message: /not valid JSON/ },
      { label: 'no "available"', body: { status: 503 }, message: /"available" must be true or false/ },
      { label: 'a status Teams would not use for an outage', body: { available: false, status: 404 }, message: /"status" must be 429 or a 5xx/ },
      { label: 'an empty Retry-After', body: { available: false, retryAfter: ' ' }, message: /"retryAfter" must be a non-empty string/ },
    ])('refuses $label with 400 naming the field', async ({ body, message }) => {
      await start();
      const response = await putAvailability(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
      expect(sink.availability().available).toBe(true);
    });
  });
});
