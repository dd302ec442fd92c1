import { parseTimerSchedule } from '../../../../sandbox/host/timerSchedule';

const at = (iso: string) => new Date(iso);

describe('parseTimerSchedule', () => {
  it.each([
    { label: 'every second', schedule: '* * * * * *', after: '2026-01-01T00:00:05.000Z', next: '2026-01-01T00:00:06.000Z' },
    { label: 'every five minutes', schedule: '0 */5 * * * *', after: '2026-01-01T00:07:00.000Z', next: '2026-01-01T00:10:00.000Z' },
    { label: 'daily at 03:00 UTC', schedule: '0 0 3 * * *', after: '2026-01-01T04:00:00.000Z', next: '2026-01-02T03:00:00.000Z' },
    { label: 'weekdays at 09:30', schedule: '0 30 9 * * 1-5', after: '2026-01-02T10:00:00.000Z', next: '2026-01-05T09:30:00.000Z' },
    { label: 'a TimeSpan interval', schedule: '00:00:30', after: '2026-01-01T00:00:05.000Z', next: '2026-01-01T00:00:35.000Z' },
    { label: 'an app setting', schedule: '%MY_SCHEDULE%', after: '2026-01-01T00:00:05.000Z', next: '2026-01-01T00:00:10.000Z' },
  ])('finds the next occurrence: $label', ({ schedule, after, next }) => {
    const parsed = parseTimerSchedule(schedule, { MY_SCHEDULE: '*/5 * * * * *' });
    expect(parsed.next(at(after)).toISOString()).toBe(next);
  });

  it('finds the previous occurrence', () => {
    expect(parseTimerSchedule('0 0 3 * * *').previous(at('2026-01-02T02:00:00Z')).toISOString()).toBe('2026-01-01T03:00:00.000Z');
  });

  it.each([
    { label: 'five fields (no seconds)', schedule: '*/5 * * * *', message: /six-field NCRONTAB/ },
    { label: 'an invalid field', schedule: '0 0 25 * * *', message: /not a valid NCRONTAB/ },
    { label: 'an unset app setting', schedule: '%MISSING%', message: /app setting "MISSING"/ },
    { label: 'a zero interval', schedule: '00:00:00', message: /zero interval/ },
  ])('rejects $label', ({ schedule, message }) => {
    expect(() => parseTimerSchedule(schedule, {})).toThrow(message);
  });
});
