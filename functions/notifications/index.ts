import type { Settings } from '../../shared/config/settings';
import { registerTeamsOutboxApi } from './teamsOutboxApi';
import { registerTeamsOutboxTimer } from './teamsOutboxTimer';

export function registerNotificationFunctions(settings: Settings): void {
  registerTeamsOutboxTimer(settings);
  registerTeamsOutboxApi();
}
