import type { Settings } from '../../shared/config/settings';
import { registerEgressReportHttp } from './egressReportHttp';
import { registerEgressReportTimer } from './egressReportTimer';

export function registerReportFunctions(settings: Settings): void {
  registerEgressReportTimer(settings);
  registerEgressReportHttp();
}
