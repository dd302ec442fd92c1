/**
 * When the Teams outbox tries a queued card again, and when it stops. Decides only; the drain owns the loop.
 * A card is retried with exponential back-off (the first delay is TEAMS_OUTBOX_RETRY_DELAY, doubling per retry up to
 * an hour, never sooner than Teams' Retry-After) until Teams takes it or it is a day old; then it is given up.
 */

/** How long a queued card is retried before it is recorded as given up. */
export const OUTBOX_GIVE_UP_AFTER_IN_MS = 24 * 3_600_000;
/** How long a given-up card stays on record (GET /api/teams-outbox) before the drain deletes it. */
export const OUTBOX_GIVEN_UP_RETENTION_IN_MS = 30 * 24 * 3_600_000;
/** The longest wait between two tries of one card. */
export const OUTBOX_MAX_RETRY_DELAY_IN_MS = 3_600_000;
/**
 * How long a drain owns a card it claimed: longer than one post can take (15 s timeout), so a second instance does
 * not post it too; if the owner dies, the card is due again after this.
 */
export const OUTBOX_LEASE_IN_MS = 5 * 60_000;

/** Delay before retry number `retry` (1 = the first retry of the outbox), with +-20% jitter. */
export function outboxRetryDelayInMs(retry: number, firstDelayInMs: number, retryAfterInMs: number | undefined, random: () => number = Math.random): number {
  const exponential = Math.min(firstDelayInMs * 2 ** Math.max(0, retry - 1), OUTBOX_MAX_RETRY_DELAY_IN_MS);
  const jittered = Math.round(exponential * (0.8 + random() * 0.4));
  return Math.min(Math.max(jittered, retryAfterInMs ?? 0), OUTBOX_MAX_RETRY_DELAY_IN_MS);
}

/** True once a card queued at `enqueuedAt` has been retried for a day. */
export function isOutboxEntryExpired(enqueuedAt: Date, now: Date): boolean {
  return now.getTime() - enqueuedAt.getTime() >= OUTBOX_GIVE_UP_AFTER_IN_MS;
}
