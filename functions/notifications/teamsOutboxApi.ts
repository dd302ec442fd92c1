import { app, type HttpResponseInit } from '@azure/functions';
import type { OutboxEntry } from '../../shared/azure/tables/teamsOutbox';

export interface TeamsOutboxApiDeps {
  /** Every card in the Teams outbox (TeamsOutbox.list). */
  listTeamsOutbox(): Promise<readonly OutboxEntry[]>;
}

/**
 * `GET /api/teams-outbox`: the cards Teams has not taken yet (pending, with their next try) and those given up after a
 * day, oldest first. Summaries and errors only: never a card's content or the webhook URL.
 */
export function teamsOutboxApiHandler(deps: TeamsOutboxApiDeps) {
  return async (): Promise<HttpResponseInit> => {
    const entries = await deps.listTeamsOutbox();
    return {
      status: 200,
      jsonBody: {
        pending: entries.filter((entry) => entry.state === 'pending'),
        givenUp: entries.filter((entry) => entry.state === 'given-up'),
      },
    };
  };
}

export function registerTeamsOutboxApi(deps: TeamsOutboxApiDeps): void {
  app.http('teamsOutbox', { methods: ['GET'], route: 'teams-outbox', authLevel: 'function', handler: teamsOutboxApiHandler(deps) });
}
