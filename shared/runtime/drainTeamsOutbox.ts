import type { PosterLogger, TeamsPoster } from '../azure/teams';
import type { TeamsOutbox } from '../azure/tables/teamsOutbox';
import { isOutboxEntryExpired, OUTBOX_GIVEN_UP_RETENTION_IN_MS, OUTBOX_LEASE_IN_MS, outboxRetryDelayInMs } from '../azure/teams/outboxPolicy';

export interface OutboxDrainDeps {
  readonly outbox: TeamsOutbox;
  /** Posts once (no retries of its own: the outbox's back-off is the retry). */
  readonly poster: TeamsPoster;
  readonly logger: PosterLogger;
  readonly firstRetryDelayInMs: number;
  readonly now?: () => Date;
  /** Cards tried per run (default 50). */
  readonly limit?: number;
}

export interface OutboxDrainSummary {
  readonly due: number;
  readonly delivered: number;
  readonly rescheduled: number;
  readonly givenUp: number;
  /** Claimed or changed by another instance first. */
  readonly skipped: number;
  /** Given-up records past their retention, deleted. */
  readonly purged: number;
}

/**
 * One pass over the due cards of the Teams outbox, oldest first. Each card is claimed (If-Match) before it is posted,
 * so instances draining at once never post the same card twice. A card Teams still does not take is retried later
 * with back-off, or given up (and logged) once a day old. When Teams is still down, the rest waits for the next pass
 * instead of each being tried against it. Given-up records are deleted after OUTBOX_GIVEN_UP_RETENTION_IN_MS.
 */
export async function drainTeamsOutbox(ports: OutboxDrainDeps): Promise<OutboxDrainSummary> {
  const now = ports.now ?? (() => new Date());
  const { outbox, logger } = ports;
  const due = await outbox.due(now(), ports.limit ?? 50);
  const counts = { due: due.length, delivered: 0, rescheduled: 0, givenUp: 0, skipped: 0, purged: 0 };
  for (const card of due) {
    const claimed = await outbox.claim(card, new Date(now().getTime() + OUTBOX_LEASE_IN_MS));
    if (!claimed) {
      counts.skipped++;
      continue;
    }
    const result = await ports.poster.post(claimed.card, { summary: claimed.summary });
    if (result.delivered) {
      // Delivered: if removing it fails the card is not posted again before the lease ends, and then only if the
      // delete itself was lost; Teams has it either way.
      await outbox.remove(claimed);
      counts.delivered++;
      logger.info(`Teams outbox: delivered "${claimed.summary}" (queued at ${claimed.enqueuedAt}, retry ${claimed.retries})`);
      continue;
    }
    const failure = { attempts: result.attempts, ...(result.status !== undefined ? { status: result.status } : {}), ...(result.error ? { error: result.error } : {}) };
    const at = now();
    if (result.reason === 'not-configured' || result.reason === 'too-large' || isOutboxEntryExpired(new Date(claimed.enqueuedAt), at)) {
      await outbox.giveUp(claimed, failure, at);
      counts.givenUp++;
      logger.error(
        `Teams outbox: gave up on "${claimed.summary}" (queued at ${claimed.enqueuedAt}, ${claimed.attempts + failure.attempts} tries): ${result.error ?? result.reason ?? 'not delivered'}`,
      );
      continue;
    }
    const nextAttemptAt = new Date(at.getTime() + outboxRetryDelayInMs(claimed.retries + 1, ports.firstRetryDelayInMs, result.retryAfterInMs));
    await outbox.reschedule(claimed, failure, nextAttemptAt);
    counts.rescheduled++;
    logger.warn(`Teams outbox: "${claimed.summary}" still not taken (${result.error ?? result.reason ?? 'unknown'}); next try at ${nextAttemptAt.toISOString()}`);
    // Teams is unavailable (throttling, 5xx, network): leave the rest for the next pass.
    if (result.reason === 'retries-exhausted') break;
  }
  counts.purged = await outbox.purgeGivenUp(new Date(now().getTime() - OUTBOX_GIVEN_UP_RETENTION_IN_MS));
  return counts;
}
