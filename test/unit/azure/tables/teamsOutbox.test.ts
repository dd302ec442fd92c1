import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { startAzurite, type RunningAzurite } from '../../../../sandbox/emulators/azurite';
import { createTableClient } from '../../../../shared/azure/tables/createTableClient';
import { withTeamsOutbox, type PostResult, type TeamsPoster } from '../../../../shared/azure/teams';
import { TeamsOutbox } from '../../../../shared/azure/tables/teamsOutbox';
import { OUTBOX_GIVE_UP_AFTER_IN_MS, OUTBOX_GIVEN_UP_RETENTION_IN_MS, OUTBOX_LEASE_IN_MS } from '../../../../shared/azure/teams/outboxPolicy';
import { drainTeamsOutbox } from '../../../../shared/runtime/drainTeamsOutbox';
import { adaptiveCard, paragraph } from '../../../../shared/core/cards/cardFrame';

let azurite: RunningAzurite;
let directory: string;
let tables = 0;
/** A fresh table; `instances` outboxes on it, each with its own client, as separate app instances would have. */
const outboxes = (instances = 1): TeamsOutbox[] => {
  const name = `outbox${Date.now()}${(tables += 1)}`;
  return Array.from({ length: instances }, () => new TeamsOutbox(createTableClient({ connectionString: azurite.connectionString }, name)));
};

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'azurite-outbox-'));
  azurite = await startAzurite({ location: directory, silent: true });
});
afterAll(async () => {
  await azurite?.close();
  await rm(directory, { recursive: true, force: true });
});

const card = (text: string) => adaptiveCard([paragraph(text)]);
const textOf = (posted: IAdaptiveCard) => JSON.stringify(posted).match(/"text":"([^"]+)"/)?.[1];
const t0 = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const failure = { attempts: 4, status: 503, error: 'Teams answered HTTP 503' };

interface Logged {
  level: 'info' | 'warn' | 'error';
  message: string;
}
function recordingLogger() {
  const lines: Logged[] = [];
  return { lines, logger: { info: (message: string) => lines.push({ level: 'info', message }), warn: (message: string) => lines.push({ level: 'warn', message }), error: (message: string) => lines.push({ level: 'error', message }) } };
}

/** A Teams that answers what `answer` says and records what it took. */
function fakeTeams(answer: (posted: IAdaptiveCard) => PostResult | Promise<PostResult>) {
  const taken: string[] = [];
  const poster: TeamsPoster = {
    async post(posted) {
      const result = await answer(posted);
      if (result.delivered) taken.push(textOf(posted) ?? '?');
      return result;
    },
  };
  return { poster, taken };
}
const up = (): PostResult => ({ delivered: true, status: 202, attempts: 1 });
const down = (retryAfterInMs?: number): PostResult => ({ delivered: false, reason: 'retries-exhausted', status: 503, attempts: 1, error: 'Teams answered HTTP 503', ...(retryAfterInMs ? { retryAfterInMs } : {}) });

describe('TeamsOutbox', () => {
  it('keeps a queued card until its next try is due, and lists it without the card', async () => {
    const [outbox] = outboxes();
    const entry = await outbox!.enqueue(card('drift vnet-a'), 'drift vnet-a', failure, t0, at(60_000));
    expect(await outbox!.due(at(59_999), 10)).toEqual([]);
    const [due] = await outbox!.due(at(60_000), 10);
    expect(due).toMatchObject({ id: entry.id, summary: 'drift vnet-a', state: 'pending', attempts: 4, retries: 0, lastStatus: 503 });
    expect(textOf(due!.card)).toBe('drift vnet-a');
    const [listed] = await outbox!.list();
    expect(listed).toEqual({ id: entry.id, summary: 'drift vnet-a', state: 'pending', enqueuedAt: t0.toISOString(), nextAttemptAt: at(60_000).toISOString(), attempts: 4, retries: 0, lastStatus: 503, lastError: 'Teams answered HTTP 503' });
  });

  it('lets only one of two instances claim a card read by both', async () => {
    const [first, second] = outboxes(2);
    await first!.enqueue(card('one'), 'one', failure, t0, t0);
    const [readByFirst] = await first!.due(t0, 10);
    const [readBySecond] = await second!.due(t0, 10);
    const claims = await Promise.all([first!.claim(readByFirst!, at(OUTBOX_LEASE_IN_MS)), second!.claim(readBySecond!, at(OUTBOX_LEASE_IN_MS))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Claimed: not due again until the lease ends.
    expect(await first!.due(at(1_000), 10)).toEqual([]);
    expect(await first!.due(at(OUTBOX_LEASE_IN_MS), 10)).toHaveLength(1);
  });
});

describe('drainTeamsOutbox', () => {
  it('delivers due cards oldest first and removes them', async () => {
    const [outbox] = outboxes();
    await outbox!.enqueue(card('first'), 'first', failure, t0, t0);
    await outbox!.enqueue(card('second'), 'second', failure, at(1), at(1));
    const teams = fakeTeams(up);
    const { logger, lines } = recordingLogger();
    const summary = await drainTeamsOutbox({ outbox: outbox!, poster: teams.poster, logger, firstRetryDelayInMs: 60_000, now: () => at(10) });
    expect(summary).toEqual({ due: 2, delivered: 2, rescheduled: 0, givenUp: 0, skipped: 0, purged: 0 });
    expect(teams.taken).toEqual(['first', 'second']);
    expect(await outbox!.list()).toEqual([]);
    expect(lines.filter(({ level }) => level === 'info').map(({ message }) => message)).toEqual([
      expect.stringContaining('delivered "first"'),
      expect.stringContaining('delivered "second"'),
    ]);
  });

  it('posts each card once when two instances drain at the same time', async () => {
    const [first, second] = outboxes(2);
    for (let index = 0; index < 6; index += 1) await first!.enqueue(card(`card ${index}`), `card ${index}`, failure, at(index), at(index));
    // A slow Teams, so both drains overlap on every card.
    const teams = fakeTeams(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return up();
    });
    const drain = (outbox: TeamsOutbox) => drainTeamsOutbox({ outbox, poster: teams.poster, logger: recordingLogger().logger, firstRetryDelayInMs: 60_000, now: () => at(100) });
    const [a, b] = await Promise.all([drain(first!), drain(second!)]);
    expect(a.delivered + b.delivered).toBe(6);
    // Every card a drain saw it either delivered or found claimed by the other (which may list after some are gone).
    for (const run of [a, b]) expect(run.delivered + run.skipped).toBe(run.due);
    expect(a.skipped + b.skipped).toBeGreaterThan(0);
    expect([...teams.taken].sort()).toEqual(['card 0', 'card 1', 'card 2', 'card 3', 'card 4', 'card 5']);
    expect(await first!.list()).toEqual([]);
  });

  it("backs off while Teams is down (at least its Retry-After) and leaves the rest for the next pass", async () => {
    const [outbox] = outboxes();
    await outbox!.enqueue(card('first'), 'first', failure, t0, t0);
    await outbox!.enqueue(card('second'), 'second', failure, at(1), at(1));
    const teams = fakeTeams(() => down(300_000));
    const summary = await drainTeamsOutbox({ outbox: outbox!, poster: teams.poster, logger: recordingLogger().logger, firstRetryDelayInMs: 60_000, now: () => at(10) });
    expect(summary).toEqual({ due: 2, delivered: 0, rescheduled: 1, givenUp: 0, skipped: 0, purged: 0 });
    const [first, second] = await outbox!.list();
    expect(first).toMatchObject({ summary: 'first', attempts: 5, retries: 1, nextAttemptAt: at(10 + 300_000).toISOString() });
    expect(second).toMatchObject({ summary: 'second', attempts: 4, retries: 0 });
  });

  it('gives a card up once it is a day old, records it and logs it', async () => {
    const [outbox] = outboxes();
    await outbox!.enqueue(card('old'), 'report 2026-12-06', failure, t0, t0);
    const { logger, lines } = recordingLogger();
    const teams = fakeTeams(() => down());
    const summary = await drainTeamsOutbox({ outbox: outbox!, poster: teams.poster, logger, firstRetryDelayInMs: 60_000, now: () => at(OUTBOX_GIVE_UP_AFTER_IN_MS) });
    expect(summary.givenUp).toBe(1);
    const [entry] = await outbox!.list();
    expect(entry).toMatchObject({ summary: 'report 2026-12-06', state: 'given-up', attempts: 5, givenUpAt: at(OUTBOX_GIVE_UP_AFTER_IN_MS).toISOString(), lastStatus: 503 });
    expect(await outbox!.due(at(2 * OUTBOX_GIVE_UP_AFTER_IN_MS), 10)).toEqual([]);
    expect(lines).toContainEqual({ level: 'error', message: expect.stringMatching(/gave up on "report 2026-12-06" \(queued at 2026-12-07T10:00:00.000Z, 5 tries\): Teams answered HTTP 503/) });

    // On record for 30 days, then deleted by a later pass.
    const drainAt = (ms: number) => drainTeamsOutbox({ outbox: outbox!, poster: teams.poster, logger, firstRetryDelayInMs: 60_000, now: () => at(ms) });
    expect((await drainAt(OUTBOX_GIVE_UP_AFTER_IN_MS + OUTBOX_GIVEN_UP_RETENTION_IN_MS - 1)).purged).toBe(0);
    expect(await outbox!.list()).toHaveLength(1);
    expect((await drainAt(OUTBOX_GIVE_UP_AFTER_IN_MS + OUTBOX_GIVEN_UP_RETENTION_IN_MS + 1)).purged).toBe(1);
    expect(await outbox!.list()).toEqual([]);
  });
});

describe('withTeamsOutbox', () => {
  const wrap = (outbox: TeamsOutbox, result: PostResult) => {
    const { logger, lines } = recordingLogger();
    const poster = withTeamsOutbox({ post: async () => result }, () => outbox, { logger, firstRetryDelayInMs: 60_000, now: () => t0 });
    return { poster, lines };
  };

  it('queues what Teams did not take and says so in the result', async () => {
    const [outbox] = outboxes();
    const { poster, lines } = wrap(outbox!, { ...down(), attempts: 4 });
    const result = await poster.post(card('drift'), { summary: 'drift vnet-a/aks' });
    expect(result).toMatchObject({ delivered: false, reason: 'retries-exhausted', queued: { id: expect.any(String), nextAttemptAt: expect.any(String) } });
    const [entry] = await outbox!.list();
    expect(entry).toMatchObject({ id: result.queued!.id, summary: 'drift vnet-a/aks', state: 'pending', attempts: 4 });
    expect(Date.parse(entry!.nextAttemptAt) - t0.getTime()).toBeGreaterThanOrEqual(48_000);
    expect(lines).toContainEqual({ level: 'warn', message: expect.stringContaining(`queued in the Teams outbox as ${entry!.id}`) });
  });

  it.each([
    { label: 'delivered now', result: up() },
    { label: 'Teams not configured', result: { delivered: false, reason: 'not-configured', attempts: 0 } as PostResult },
  ])('queues nothing when $label', async ({ result }) => {
    const [outbox] = outboxes();
    expect(await wrap(outbox!, result).poster.post(card('x'), { summary: 'x' })).toEqual(result);
    expect(await outbox!.list()).toEqual([]);
  });

  it('records a card too large for Teams as given up at once', async () => {
    const [outbox] = outboxes();
    const { poster } = wrap(outbox!, { delivered: false, reason: 'too-large', attempts: 0, error: 'Teams payload is 30000 bytes' });
    expect((await poster.post(card('big'), { summary: 'big report' })).queued).toBeUndefined();
    expect(await outbox!.list()).toEqual([expect.objectContaining({ summary: 'big report', state: 'given-up', lastError: 'Teams payload is 30000 bytes' })]);
  });

  it('never throws when the outbox cannot be written: logs it and returns what Teams said', async () => {
    const broken = new TeamsOutbox(createTableClient({ connectionString: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:1/devstoreaccount1' }, 'nowhere'));
    const { poster, lines } = wrap(broken, down());
    const result = await poster.post(card('x'), { summary: 'x' });
    expect(result).toEqual(down());
    expect(lines.some(({ level, message }) => level === 'error' && message.includes('could not be queued'))).toBe(true);
  });
});
