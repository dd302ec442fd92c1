import { app, type InvocationContext, type Timer } from '@azure/functions';
import type { Settings } from '../../shared/config/settings';
import { createTeamsPoster } from '../../shared/azure/teams';
import { appServices } from '../../shared/runtime/appServices';
import { drainTeamsOutbox } from '../../shared/runtime/drainTeamsOutbox';

export const teamsOutboxTimerName = 'teamsOutboxTimer';

/** Tries the due cards of the Teams outbox again (TEAMS_OUTBOX_SCHEDULE). Safe on any number of instances. */
export async function handleTeamsOutboxTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = appServices();
  const logger = { info: (message: string) => context.log(message), warn: (message: string) => context.warn(message), error: (message: string) => context.error(message) };
  const summary = await drainTeamsOutbox({
    outbox: services.teamsOutbox,
    // One try per card and pass: the outbox's back-off is the retry, and a pass must not sleep on one card.
    poster: createTeamsPoster({ ...(services.settings.teamsWebhookUrl ? { webhookUrl: services.settings.teamsWebhookUrl } : {}), logger, maxAttempts: 1 }),
    logger,
    firstRetryDelayInMs: services.settings.teamsOutboxRetryDelay,
  });
  if (summary.due > 0 || summary.purged > 0) {
    context.log(
      `Teams outbox: ${summary.due} due, ${summary.delivered} delivered, ${summary.rescheduled} rescheduled, ${summary.givenUp} given up, ${summary.skipped} taken by another instance, ${summary.purged} old given-up record(s) deleted`,
    );
  }
}

export function registerTeamsOutboxTimer(settings: Settings): void {
  app.timer(teamsOutboxTimerName, { schedule: settings.teamsOutboxSchedule, handler: handleTeamsOutboxTimer });
}
