import type { Settings } from '../../shared/config/settings';
import { registerComplianceApi } from './complianceApi';
import { registerDriftEvents } from './driftEvents';
import { registerDriftSweep } from './driftSweep';

export function registerDriftFunctions(settings: Settings): void {
  registerDriftEvents();
  registerDriftSweep(settings);
  registerComplianceApi();
}
