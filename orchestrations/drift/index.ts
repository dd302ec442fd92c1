import * as df from 'durable-functions';
import { appServices } from '../../shared/runtime/appServices';
import { buildDriftCard } from '../../shared/core/cards/driftCard';
import { driftNames } from './names';
import { runReconcilePass } from './reconcileActivity';
import { subnetReconcileOrchestrator } from './subnetReconcileOrchestrator';
import type { DriftPassSummary, SubnetReconcileInput } from './types';

export function registerDriftOrchestrations(): void {
  df.app.orchestration(driftNames.orchestrator, subnetReconcileOrchestrator);

  df.app.activity(driftNames.reconcileActivity, {
    handler: (input: SubnetReconcileInput) => runReconcilePass(input, appServices()),
  });

  df.app.activity(driftNames.notifyActivity, {
    handler: async (notification: NonNullable<DriftPassSummary['notification']>, context) => {
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
