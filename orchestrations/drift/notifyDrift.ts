import { buildDriftCard } from '../../shared/core/cards/driftCard';
import type { AppServices } from '../../shared/runtime/appServices';
import type { DriftNotification } from './types';

export interface NotifyOutcome {
  readonly delivered: boolean;
  /** Teams did not take it now, but the Teams outbox holds it and retries it until delivered or a day old. */
  readonly queued: boolean;
  readonly reason: string | null;
}

/**
 * Posts one drift card and marks the subnet notified when the card is taken care of: delivered, queued in the Teams
 * outbox (which owns delivery from then on; posting it again on the next pass would tell Teams twice), or Teams not
 * configured. Only a card that was neither delivered nor queued stays unmarked, so the next pass tries again.
 */
export async function notifyDrift(notification: DriftNotification, services: Pick<AppServices, 'teams' | 'compliance'>, warn: (message: string) => void): Promise<NotifyOutcome> {
  const { card } = notification;
  const result = await services.teams.post(buildDriftCard(card), { summary: `drift ${card.vnetName}/${card.subnetName} ${card.outcome}` });
  const queued = result.queued !== undefined;
  if (result.delivered || queued || result.reason === 'not-configured') {
    await services.compliance.markNotified(card.subnetId, notification.subscriptionId, notification.fingerprint);
  } else {
    warn(`Teams notification for ${card.subnetName} not delivered (${result.reason ?? 'unknown'}): ${result.error ?? ''}; the next pass tries again`);
  }
  return { delivered: result.delivered, queued, reason: result.reason ?? null };
}
