import type { PosterLogger, TeamsPoster } from './teamsPoster';
import type { TeamsOutbox } from '../tables/teamsOutbox';
import { outboxRetryDelayInMs } from './outboxPolicy';

export interface OutboxPosterOptions {
  readonly logger: PosterLogger;
  /** TEAMS_OUTBOX_RETRY_DELAY: the first retry's delay. */
  readonly firstRetryDelayInMs: number;
  readonly now?: () => Date;
}

/**
 * The app's Teams poster: posts at once (with the poster's own short retries) and queues in the outbox whatever Teams
 * did not take, so no caller loses a card to a Teams outage and none has to handle it. A card too large for Teams is
 * recorded as given up at once (it can never be delivered). Never throws, like the poster.
 */
export function withTeamsOutbox(poster: TeamsPoster, outbox: () => TeamsOutbox, options: OutboxPosterOptions): TeamsPoster {
  const now = options.now ?? (() => new Date());
  const { logger } = options;
  return {
    async post(card, postOptions) {
      const result = await poster.post(card, postOptions);
      if (result.delivered || result.reason === 'not-configured') return result;
      const failure = { attempts: result.attempts, ...(result.status !== undefined ? { status: result.status } : {}), ...(result.error ? { error: result.error } : {}) };
      try {
        if (result.reason === 'too-large') {
          const entry = await outbox().recordGivenUp(postOptions.summary, failure, now());
          logger.error(`Teams card "${postOptions.summary}" can never be delivered (too large): recorded as given up in the Teams outbox (${entry.id})`);
          return result;
        }
        const at = now();
        const nextAttemptAt = new Date(at.getTime() + outboxRetryDelayInMs(1, options.firstRetryDelayInMs, result.retryAfterInMs));
        const entry = await outbox().enqueue(card, postOptions.summary, failure, at, nextAttemptAt);
        logger.warn(`Teams did not take "${postOptions.summary}" (${result.error ?? result.reason ?? 'unknown'}): queued in the Teams outbox as ${entry.id}, next try at ${entry.nextAttemptAt}`);
        return { ...result, queued: { id: entry.id, nextAttemptAt: entry.nextAttemptAt } };
      } catch (error) {
        logger.error(`Teams did not take "${postOptions.summary}" and it could not be queued in the Teams outbox: ${error instanceof Error ? error.message : String(error)}`);
        return result;
      }
    },
  };
}
