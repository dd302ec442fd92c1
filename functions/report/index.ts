import type { Settings } from '../../shared/config/settings';
import type { AppServices } from '../../shared/runtime/appServices';
import { runEgressReport } from '../../shared/runtime/egressReport';
import { egressReportRunDeps } from '../../shared/runtime/egressReportRunDeps';
import type { EgressReportDeps } from './egressReportHttp';
import { registerEgressReportHttp } from './egressReportHttp';
import { registerEgressReportTimer } from './egressReportTimer';

export function registerReportFunctions(settings: Settings, services: AppServices): void {
  const deps = egressReportDepsOf(services);
  registerEgressReportTimer(settings, deps);
  registerEgressReportHttp(deps);
}

/** The real report: its ports (and the Log Analytics SDK) are built on each run, never at start (cold start). */
export function egressReportDepsOf(services: AppServices): EgressReportDeps {
  return { settings: services.settings, runEgressReport: (log, request) => runEgressReport(egressReportRunDeps(services, log), request) };
}
