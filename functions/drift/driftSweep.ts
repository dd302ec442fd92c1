import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { Settings } from '../../shared/config/settings';
import { appServices } from '../../shared/runtime/appServices';
import { sweepSubnets } from '../../orchestrations/drift/sweep';
import { requestReconcile } from '../../orchestrations/drift/requestReconcile';
import { requestPosturePass } from '../../orchestrations/posture/requestPosturePass';

export const driftSweepFunctionName = 'driftSweep';

/**
 * The periodic safety net for missed events: paged list calls per subscription (not a GET per subnet), evaluation
 * in memory, and an orchestration only for subnets that are not compliant.
 */
export async function handleDriftSweep(_timer: Timer, context: InvocationContext): Promise<void> {
  const client = df.getClient(context);
  // Posture is read-only and separate: a failure to ask for it is logged, never a reason to skip the drift sweep.
  await requestPosturePass(client, 'sweep').catch((error: unknown) => context.warn(`Posture pass not requested: ${String(error)}`));
  const summary = await sweepSubnets(appServices(), (vnetId) => requestReconcile(client, vnetId, 'sweep'));
  context.log(
    `Sweep: ${summary.guarded} guarded subnet(s) in ${summary.subscriptions} subscription(s), ${summary.nonCompliant} not compliant, ${summary.started} VNet reconcile(s) requested; ${summary.armReads} ARM reads in ${summary.elapsedInMs} ms`,
  );
}

export function registerDriftSweep(settings: Settings): void {
  app.timer(driftSweepFunctionName, { schedule: settings.sweepSchedule, extraInputs: [df.input.durableClient()], handler: handleDriftSweep });
}
