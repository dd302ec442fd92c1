/**
 * Strict ISO 8601 instants for every date the app takes from a caller (rule request expiresAt, report windows).
 * `Date.parse` rolls impossible dates over (2026-02-30 becomes 2026-03-02) and takes year 0000; this refuses both:
 * every field must be in range for its month and year (leap years included), with an explicit zone (Z or +hh:mm)
 * whenever a time is given, and the year within [MIN_YEAR, MAX_YEAR].
 */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/i;

export type StrictInstant = { readonly ok: true; readonly value: Date } | { readonly ok: false; readonly message: string };

export interface StrictInstantOptions {
  /** Accept a bare calendar date (taken as 00:00 UTC). Default false: a time and a zone are required. */
  readonly allowDateOnly?: boolean;
}

export function parseStrictInstant(raw: unknown, options: StrictInstantOptions = {}): StrictInstant {
  const example = options.allowDateOnly ? '2026-12-31 or 2026-12-31T00:00:00Z' : '2026-12-31T00:00:00Z';
  if (typeof raw !== 'string') return refuse(`must be an ISO 8601 date-time string with a zone (e.g. ${example})`);
  const text = raw.trim();
  const match = INSTANT.exec(text);
  if (!match) return refuse(`must be an ISO 8601 date-time with a zone (e.g. ${example})`);
  const [, year, month, day, hour, minute, second, fraction, zone, sign, zoneHours, zoneMinutes] = match;
  if (hour === undefined && !options.allowDateOnly) return refuse(`needs a time and a zone (e.g. ${example})`);
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < MIN_YEAR || y > MAX_YEAR) return refuse(`has year ${year}; years from ${MIN_YEAR} to ${MAX_YEAR} are accepted`);
  if (m < 1 || m > 12) return refuse(`has month ${month}; months are 01 to 12`);
  const days = daysInMonth(y, m);
  if (d < 1 || d > days) return refuse(`has day ${day}, but ${year}-${month} has ${days} days`);
  const h = Number(hour ?? 0);
  const min = Number(minute ?? 0);
  const s = Number(second ?? 0);
  if (h > 23 || min > 59 || s > 59) return refuse(`has time ${hour}:${minute}${second === undefined ? '' : `:${second}`}; hours are 00-23, minutes and seconds 00-59`);
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const zh = Number(zoneHours);
    const zm = Number(zoneMinutes);
    if (zh > 14 || zm > 59 || (zh === 14 && zm > 0)) return refuse(`has zone offset ${zone}; offsets range from -14:00 to +14:00`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const value = new Date(Date.UTC(y, m - 1, d, h, min, s, millis) - offsetMinutes * 60_000);
  return { ok: true, value };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const refuse = (message: string): StrictInstant => ({ ok: false, message });
