/** A half-open time range [from, to) in UTC. */
export interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface ReportWindowInput {
  /** When the report runs. */
  readonly now: Date;
  /** End of the last report that was posted successfully; undefined on the first run. */
  readonly lastSuccessfulReportAt: Date | undefined;
  /** settings.reportMaxWindowDays */
  readonly maxWindowDays: number;
}

const DAY_IN_MS = 24 * 3600_000;

/**
 * The window a report covers: from the last successful report to now, capped at maxWindowDays so a long outage
 * does not produce an unbounded (slow, expensive) query. The first report covers one day.
 */
export function computeReportWindow({ now, lastSuccessfulReportAt, maxWindowDays }: ReportWindowInput): TimeWindow {
  assertValidDate(now, 'now');
  if (!Number.isInteger(maxWindowDays) || maxWindowDays < 1) {
    throw new RangeError(`maxWindowDays must be a whole number >= 1, got ${maxWindowDays}`);
  }
  const earliest = now.getTime() - maxWindowDays * DAY_IN_MS;
  if (lastSuccessfulReportAt === undefined) {
    return { from: new Date(Math.max(earliest, now.getTime() - DAY_IN_MS)), to: new Date(now.getTime()) };
  }
  assertValidDate(lastSuccessfulReportAt, 'lastSuccessfulReportAt');
  // A last report "in the future" (clock skew) would give an empty or inverted window: fall back to one day.
  const start = lastSuccessfulReportAt.getTime() >= now.getTime() ? now.getTime() - DAY_IN_MS : lastSuccessfulReportAt.getTime();
  return { from: new Date(Math.max(earliest, start)), to: new Date(now.getTime()) };
}

export function assertValidWindow(window: TimeWindow): void {
  assertValidDate(window.from, 'window.from');
  assertValidDate(window.to, 'window.to');
  if (window.from.getTime() >= window.to.getTime()) {
    throw new RangeError(`window.from (${window.from.toISOString()}) must be before window.to (${window.to.toISOString()})`);
  }
}

function assertValidDate(value: Date, field: string): void {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) {
    throw new TypeError(`${field} must be a valid Date`);
  }
}
