import { isRetryableStatus, MAX_RETRY_DELAY_IN_MS, parseRetryAfterInMs, retryDelayInMs } from '../../../../shared/azure/teams/retryPolicy';

describe('isRetryableStatus', () => {
  it.each([
    { label: '429', status: 429, expected: true },
    { label: '408', status: 408, expected: true },
    { label: '500', status: 500, expected: true },
    { label: '503', status: 503, expected: true },
    { label: '501', status: 501, expected: false },
    { label: '400', status: 400, expected: false },
    { label: '413', status: 413, expected: false },
  ])('$label', ({ status, expected }) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

describe('parseRetryAfterInMs', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  it.each([
    { label: 'seconds', header: '3', expected: 3000 },
    { label: 'fractional seconds', header: '1.5', expected: 1500 },
    { label: 'HTTP date', header: 'Mon, 23 Nov 2026 12:00:07 GMT', expected: 7000 },
    { label: 'date in the past', header: 'Mon, 23 Nov 2026 11:00:00 GMT', expected: 0 },
    { label: 'absent', header: null, expected: undefined },
    { label: 'garbage', header: 'soon', expected: undefined },
  ])('$label', ({ header, expected }) => {
    expect(parseRetryAfterInMs(header, now)).toBe(expected);
  });
});

describe('retryDelayInMs', () => {
  it.each([
    { label: 'first retry without Retry-After', attempt: 1, retryAfter: undefined, expected: 1000 },
    { label: 'third retry without Retry-After', attempt: 3, retryAfter: undefined, expected: 4000 },
    { label: 'huge attempt is capped', attempt: 30, retryAfter: undefined, expected: MAX_RETRY_DELAY_IN_MS },
    { label: 'Retry-After wins', attempt: 1, retryAfter: 2500, expected: 2500 },
    { label: 'Retry-After is capped', attempt: 1, retryAfter: 3_600_000, expected: MAX_RETRY_DELAY_IN_MS },
  ])('$label', ({ attempt, retryAfter, expected }) => {
    expect(retryDelayInMs(attempt, retryAfter, () => 0.5)).toBe(expected);
  });
});
