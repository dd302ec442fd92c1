import * as df from 'durable-functions';
import { appServices } from '../../shared/runtime/appServices';
import { driftNames } from './names';
import { recordVnetFailure, runReconcilePass } from './reconcileActivity';
import { notifyDrift } from './notifyDrift';
import { vnetReconcileOrchestrator } from './vnetReconcileOrchestrator';
import type { DriftNotification, VnetPassRequest } from './types';

export function registerDriftOrchestrations(): void {
  df.app.orchestration(driftNames.orchestrator, vnetReconcileOrchestrator);

  df.app.activity(driftNames.reconcileActivity, {
    handler: (input: VnetPassRequest) => runReconcilePass(input, appServices()),
  });

  df.app.activity(driftNames.recordFailureActivity, {
    handler: (input: { vnetId: string; message: string }) => recordVnetFailure(input, appServices()),
  });

  df.app.activity(driftNames.notifyActivity, {
    handler: (notification: DriftNotification, context) => notifyDrift(notification, appServices(), (message) => context.warn(message)),
  });
}
