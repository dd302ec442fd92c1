import * as df from 'durable-functions';
import type { Settings } from '../../shared/config/settings';
import { affectedVnets } from '../../shared/azure/events/affectedVnets';
import type { AppServices } from '../../shared/runtime/appServices';
import { requestReconcile } from '../../orchestrations/drift/requestReconcile';
import { sweepSubnets } from '../../orchestrations/drift/sweep';
import { requestPosturePass } from '../../orchestrations/posture/requestPosturePass';
import { registerComplianceApi, type ComplianceApiDeps } from './complianceApi';
import { registerDriftEvents, type DriftEventsDeps } from './driftEvents';
import { registerDriftSweep, type DriftSweepDeps } from './driftSweep';

export function registerDriftFunctions(settings: Settings, services: AppServices): void {
  const deps = driftDepsOf(services);
  registerDriftEvents(deps);
  registerDriftSweep(settings, deps);
  registerComplianceApi(deps);
}

/** The real services behind the drift triggers; each reaches for the app's lazy services only when called. */
export function driftDepsOf(services: AppServices): DriftEventsDeps & DriftSweepDeps & ComplianceApiDeps {
  return {
    selfIdentity: () => services.selfIdentity(),
    affectedVnets: (change) => affectedVnets(change, services.arm),
    requestReconcile: (context, vnetId, reason, actor) => requestReconcile(df.getClient(context), vnetId, reason, actor),
    requestPosturePass: (context, reason) => requestPosturePass(df.getClient(context), reason),
    sweepSubnets: (request) => sweepSubnets(services, request),
    listCompliance: () => services.compliance.list(),
  };
}
