import { app, type InvocationContext, type Timer } from '@azure/functions';
import type { Settings } from '../../shared/config/settings';
import { createTeamsPoster } from '../../shared/azure/teams';
import type { TeamsOutbox } from '../../shared/azure/tables/teamsOutbox';
import { drainTeamsOutbox } from '../../shared/runtime/drainTeamsOutbox';

export const teamsOutboxTimerName = 'teamsOutboxTimer';

export interface TeamsOutboxTimerDeps {
  readonly settings: Pick<Settings, 'teamsWebhookUrl' | 'teamsOutboxRetryDelay'>;
  teamsOutbox(): TeamsOutbox;
}

/** Tries the due cards of the Teams outbox again (TEAMS_OUTBOX_SCHEDULE). Safe on any number of instances. */
export function teamsOutboxTimerHandler(deps: TeamsOutboxTimerDeps) {
  return (_timer: Timer, context: InvocationContext) => drainOnce(deps, context);
}

async function drainOnce(deps: TeamsOutboxTimerDeps, context: InvocationContext): Promise<void> {
  const { settings } = deps;
  const logger = { info: (message: string) => context.log(message), warn: (message: string) => context.warn(message), error: (message: string) => context.error(message) };
  const summary = await drainTeamsOutbox({
    outbox: deps.teamsOutbox(),
    // One try per card and pass: the outbox's back-off is the retry, and a pass must not sleep on one card.
    poster: createTeamsPoster({ ...(settings.teamsWebhookUrl ? { webhookUrl: settings.teamsWebhookUrl } : {}), logger, maxAttempts: 1 }),
    logger,
    firstRetryDelayInMs: settings.teamsOutboxRetryDelay,
  });
  if (summary.due > 0 || summary.purged > 0) {
    context.log(
      `Teams outbox: ${summary.due} due, ${summary.delivered} delivered, ${summary.rescheduled} rescheduled, ${summary.givenUp} given up, ${summary.skipped} taken by another instance, ${summary.purged} old given-up record(s) deleted`,
    );
  }
}

export function registerTeamsOutboxTimer(settings: Settings, deps: TeamsOutboxTimerDeps): void {
  app.timer(teamsOutboxTimerName, { schedule: settings.teamsOutboxSchedule, handler: teamsOutboxTimerHandler(deps) });
}
