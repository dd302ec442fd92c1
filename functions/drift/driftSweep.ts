import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { Settings } from '../../shared/config/settings';
import type { SweepSummary } from '../../orchestrations/drift/sweep';
import type { DriftEventsDeps } from './driftEvents';

export const driftSweepFunctionName = 'driftSweep';

export interface DriftSweepDeps extends Pick<DriftEventsDeps, 'requestReconcile' | 'requestPosturePass'> {
  /** sweepSubnets (orchestrations/drift/sweep.ts): reads and evaluates every guarded subnet, calls `request` per VNet. */
  sweepSubnets(request: (vnetId: string) => Promise<unknown>): Promise<SweepSummary>;
}

/**
 * The periodic safety net for missed events: paged list calls per subscription (not a GET per subnet), evaluation
 * in memory, and an orchestration only for subnets that are not compliant.
 */
export function driftSweepHandler(deps: DriftSweepDeps) {
  return async (_timer: Timer, context: InvocationContext): Promise<void> => {
    // Posture is read-only and separate: a failure to ask for it is logged, never a reason to skip the drift sweep.
    await deps.requestPosturePass(context, 'sweep').catch((error: unknown) => context.warn(`Posture pass not requested: ${String(error)}`));
    const summary = await deps.sweepSubnets((vnetId) => deps.requestReconcile(context, vnetId, 'sweep'));
    context.log(
      `Sweep: ${summary.guarded} guarded subnet(s) in ${summary.subscriptions} subscription(s), ${summary.nonCompliant} not compliant, ${summary.started} VNet reconcile(s) requested; ${summary.armReads} ARM reads in ${summary.elapsedInMs} ms`,
    );
  };
}

export function registerDriftSweep(settings: Settings, deps: DriftSweepDeps): void {
  app.timer(driftSweepFunctionName, { schedule: settings.sweepSchedule, extraInputs: [df.input.durableClient()], handler: driftSweepHandler(deps) });
}
