import { app, type HttpResponseInit } from '@azure/functions';
import { appServices } from '../../shared/runtime/appServices';

/**
 * `GET /api/teams-outbox`: the cards Teams has not taken yet (pending, with their next try) and those given up after a
 * day, oldest first. Summaries and errors only: never a card's content or the webhook URL.
 */
export async function handleTeamsOutboxRequest(): Promise<HttpResponseInit> {
  const entries = await appServices().teamsOutbox.list();
  return {
    status: 200,
    jsonBody: {
      pending: entries.filter((entry) => entry.state === 'pending'),
      givenUp: entries.filter((entry) => entry.state === 'given-up'),
    },
  };
}

export function registerTeamsOutboxApi(): void {
  app.http('teamsOutbox', { methods: ['GET'], route: 'teams-outbox', authLevel: 'function', handler: handleTeamsOutboxRequest });
}
