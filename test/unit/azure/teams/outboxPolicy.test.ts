import { isOutboxEntryExpired, OUTBOX_GIVE_UP_AFTER_IN_MS, OUTBOX_MAX_RETRY_DELAY_IN_MS, outboxRetryDelayInMs } from '../../../../shared/azure/teams/outboxPolicy';

const noJitter = () => 0.5;

describe('outboxRetryDelayInMs', () => {
  it.each([
    { label: 'the first retry waits the configured delay', retry: 1, retryAfter: undefined, expected: 60_000 },
    { label: 'each retry doubles it', retry: 3, retryAfter: undefined, expected: 240_000 },
    { label: 'it never exceeds an hour', retry: 20, retryAfter: undefined, expected: OUTBOX_MAX_RETRY_DELAY_IN_MS },
    { label: "Teams' longer Retry-After wins", retry: 1, retryAfter: 600_000, expected: 600_000 },
    { label: 'a shorter Retry-After does not shorten the back-off', retry: 2, retryAfter: 1_000, expected: 120_000 },
    { label: 'a Retry-After beyond an hour is cut to an hour', retry: 1, retryAfter: 86_400_000, expected: OUTBOX_MAX_RETRY_DELAY_IN_MS },
  ])('$label', ({ retry, retryAfter, expected }) => {
    expect(outboxRetryDelayInMs(retry, 60_000, retryAfter, noJitter)).toBe(expected);
  });

  it('spreads retries by +-20% so instances do not retry in step', () => {
    expect(outboxRetryDelayInMs(1, 60_000, undefined, () => 0)).toBe(48_000);
    expect(outboxRetryDelayInMs(1, 60_000, undefined, () => 0.999999)).toBe(72_000);
  });
});

describe('isOutboxEntryExpired', () => {
  const enqueuedAt = new Date('2026-12-07T10:00:00Z');
  it.each([
    { label: 'an hour old', ageInMs: 3_600_000, expected: false },
    { label: 'just under a day old', ageInMs: OUTBOX_GIVE_UP_AFTER_IN_MS - 1, expected: false },
    { label: 'a day old', ageInMs: OUTBOX_GIVE_UP_AFTER_IN_MS, expected: true },
  ])('$label: $expected', ({ ageInMs, expected }) => {
    expect(isOutboxEntryExpired(enqueuedAt, new Date(enqueuedAt.getTime() + ageInMs))).toBe(expected);
  });
});
