import { teamsOutboxApiHandler } from '../../../../functions/notifications/teamsOutboxApi';
import type { OutboxEntry } from '../../../../shared/azure/tables/teamsOutbox';

const entry = (id: string, state: OutboxEntry['state']): OutboxEntry => ({
  id,
  summary: `card ${id}`,
  state,
  enqueuedAt: '2026-12-01T10:00:00.000Z',
  nextAttemptAt: '2026-12-01T10:05:00.000Z',
  attempts: 3,
  retries: 1,
  lastStatus: 429,
  lastError: 'Teams answered 429',
  ...(state === 'given-up' ? { givenUpAt: '2026-12-02T10:00:00.000Z' } : {}),
});

describe('GET /api/teams-outbox', () => {
  it('splits the outbox into pending and given-up cards, in the order the outbox lists them', async () => {
    const entries = [entry('a', 'pending'), entry('b', 'given-up'), entry('c', 'pending')];
    const answer = await teamsOutboxApiHandler({ listTeamsOutbox: async () => entries })();
    expect(answer).toEqual({ status: 200, jsonBody: { pending: [entries[0], entries[2]], givenUp: [entries[1]] } });
  });

  it('an empty outbox is two empty lists', async () => {
    expect((await teamsOutboxApiHandler({ listTeamsOutbox: async () => [] })()).jsonBody).toEqual({ pending: [], givenUp: [] });
  });
});
