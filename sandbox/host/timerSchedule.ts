import { CronExpressionParser } from 'cron-parser';

/**
 * A timer trigger's schedule as the host reads it: an NCRONTAB expression with six fields
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`), a TimeSpan (`hh:mm:ss`, a fixed interval), or `%NAME%`
 * naming an app setting that holds either.
 */
export interface TimerSchedule {
  readonly expression: string;
  /** The first occurrence strictly after `after`. */
  next(after: Date): Date;
  /** The last occurrence strictly before `before`. */
  previous(before: Date): Date;
}

export function parseTimerSchedule(
  schedule: string,
  settings: Readonly<Record<string, string | undefined>> = process.env,
  timeZone = 'UTC',
): TimerSchedule {
  const expression = resolveAppSetting(schedule.trim(), settings);
  const interval = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(expression);
  if (interval) {
    const [, hours = '0', minutes = '0', seconds = '0'] = interval;
    const periodInMs = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
    if (periodInMs <= 0) throw new Error(`The timer schedule "${schedule}" has a zero interval`);
    return {
      expression,
      next: (after) => new Date(after.getTime() + periodInMs),
      previous: (before) => new Date(before.getTime() - periodInMs),
    };
  }
  // The host's NCRONTAB needs the seconds field; cron-parser would read five fields as minute-first.
  if (expression.split(/\s+/).length !== 6) {
    throw new Error(`The schedule expression "${expression}" was not recognized as a six-field NCRONTAB expression or a TimeSpan string`);
  }
  try {
    CronExpressionParser.parse(expression, { tz: timeZone });
  } catch (error) {
    throw new Error(`The schedule expression "${expression}" is not a valid NCRONTAB expression: ${(error as Error).message}`);
  }
  return {
    expression,
    next: (after) => CronExpressionParser.parse(expression, { currentDate: after, tz: timeZone }).next().toDate(),
    previous: (before) => CronExpressionParser.parse(expression, { currentDate: before, tz: timeZone }).prev().toDate(),
  };
}

function resolveAppSetting(expression: string, settings: Readonly<Record<string, string | undefined>>): string {
  const setting = /^%(.+)%$/.exec(expression)?.[1];
  if (setting === undefined) return expression;
  const value = settings[setting];
  if (!value) throw new Error(`The timer schedule refers to app setting "${setting}", which is not set`);
  return value.trim();
}
