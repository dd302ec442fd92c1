import type { Settings } from '../../shared/config/settings';
import type { AppServices } from '../../shared/runtime/appServices';
import { registerTeamsOutboxApi, type TeamsOutboxApiDeps } from './teamsOutboxApi';
import { registerTeamsOutboxTimer, type TeamsOutboxTimerDeps } from './teamsOutboxTimer';

export function registerNotificationFunctions(settings: Settings, services: AppServices): void {
  const deps = notificationDepsOf(services);
  registerTeamsOutboxTimer(settings, deps);
  registerTeamsOutboxApi(deps);
}

/** The Teams outbox table client is made on the first call, not at start. */
export function notificationDepsOf(services: AppServices): TeamsOutboxTimerDeps & TeamsOutboxApiDeps {
  return {
    settings: services.settings,
    teamsOutbox: () => services.teamsOutbox,
    listTeamsOutbox: () => services.teamsOutbox.list(),
  };
}
