import * as df from 'durable-functions';
import { appServices } from '../../shared/runtime/appServices';
import { buildDriftCard } from '../../shared/core/cards/driftCard';
import { driftNames } from './names';
import { recordVnetFailure, runReconcilePass } from './reconcileActivity';
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
    handler: async (notification: DriftNotification, context) => {
      const services = appServices();
      const result = await services.teams.post(buildDriftCard(notification.card), { summary: `drift ${notification.card.vnetName}/${notification.card.subnetName} ${notification.card.outcome}` });
      if (result.delivered || result.reason === 'not-configured') {
        await services.compliance.markNotified(notification.card.subnetId, notification.subscriptionId, notification.fingerprint);
      } else {
        // Not marked as notified: the next pass for this subnet tries again.
        context.warn(`Teams notification for ${notification.card.subnetName} not delivered (${result.reason ?? 'unknown'}): ${result.error ?? ''}`);
      }
      return { delivered: result.delivered, reason: result.reason ?? null };
    },
  });
}
