import * as df from 'durable-functions';
import { buildPostureCard } from '../../shared/core/cards/postureCard';
import { appServices } from '../../shared/runtime/appServices';
import { postureStoreOf, runPosturePass, type PosturePassSummary } from '../../shared/runtime/posturePass';
import { postureNames } from './names';
import { posturePassOrchestrator } from './posturePassOrchestrator';

export function registerPostureOrchestrations(): void {
  df.app.orchestration(postureNames.orchestrator, posturePassOrchestrator);
  df.app.activity(postureNames.passActivity, { handler: () => runPosturePass(appServices()) });
  df.app.activity(postureNames.notifyActivity, {
    handler: async (notification: NonNullable<PosturePassSummary['notification']>, context) => {
      const services = appServices();
      const names = notification.changes.map((change) => change.clusterName).join(', ');
      const result = await services.teams.post(buildPostureCard(notification.changes), { summary: `posture ${names}` });
      if (result.delivered || result.reason === 'not-configured') {
        const store = postureStoreOf(services);
        for (const { clusterId, findings } of notification.told) await store.markTold(clusterId, findings);
      } else {
        // Not marked as told: the next pass reports the same changes again.
        context.warn(`Teams posture card for ${names} not delivered (${result.reason ?? 'unknown'}): ${result.error ?? ''}`);
      }
      return { delivered: result.delivered, reason: result.reason ?? null };
    },
  });
}
