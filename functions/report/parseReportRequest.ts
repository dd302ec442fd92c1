import { parseBoundedJson } from '../../shared/core/boundedJson';
import { parseStrictInstant } from '../../shared/core/ruleRequests/strictInstant';
import type { TimeWindow } from '../../shared/core/report/window';

export type ParsedReportRequest =
  | { readonly ok: true; readonly window?: TimeWindow }
  | { readonly ok: false; readonly field: string; readonly message: string };

export interface ReportRequestInput {
  /** The raw body text ('' when none). */
  readonly bodyText: string;
  readonly query: { readonly from?: string | null; readonly to?: string | null };
}

const DAY_IN_MS = 24 * 3600_000;
/** Clocks differ a little; a `to` slightly ahead of ours is not a mistake. */
const FUTURE_SKEW_IN_MS = 5 * 60_000;
/** A report body is two instants; anything near this size is not one. */
export const MAX_REPORT_BODY_BYTES = 4096;
const knownFields = new Set(['from', 'to']);

/**
 * POST /api/reports/egress input: `from`/`to` (ISO 8601 with a time zone) in a JSON body or the query string, both
 * or neither. Neither = the scheduled window (since the last delivered report). Body values win over the query.
 * Every refusal names the field, so the caller can fix it without reading our code.
 */
export function parseReportRequest(input: ReportRequestInput, now: Date, maxWindowDays: number): ParsedReportRequest {
  let body: Record<string, unknown> = {};
  if (input.bodyText.trim() !== '') {
    const bounded = parseBoundedJson(input.bodyText, { maxBytes: MAX_REPORT_BODY_BYTES });
    if (!bounded.ok) {
      if (bounded.status === 413) return refuse('body', `body ${bounded.problem.message}`);
      return refuse('body', `body must be JSON, e.g. {"from":"2026-01-05T00:00:00Z","to":"2026-01-06T00:00:00Z"}, or empty (${bounded.problem.message})`);
    }
    const parsed = bounded.value;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse('body', 'body must be a JSON object with from and to');
    body = parsed as Record<string, unknown>;
    const unknown = Object.keys(body).find((key) => !knownFields.has(key));
    if (unknown !== undefined) return refuse(unknown, `unknown field "${unknown}"; the body takes only from and to`);
  }
  const raw = {
    from: 'from' in body ? body.from : (input.query.from ?? undefined),
    to: 'to' in body ? body.to : (input.query.to ?? undefined),
  };
  if (raw.from === undefined && raw.to === undefined) return { ok: true };
  if (raw.from === undefined) return refuse('from', 'from is required when to is given');
  if (raw.to === undefined) return refuse('to', 'to is required when from is given');
  const from = parseInstant(raw.from, 'from');
  if (!(from instanceof Date)) return from;
  const to = parseInstant(raw.to, 'to');
  if (!(to instanceof Date)) return to;
  if (from.getTime() >= to.getTime()) return refuse('to', `to (${to.toISOString()}) must be after from (${from.toISOString()})`);
  if (to.getTime() > now.getTime() + FUTURE_SKEW_IN_MS) return refuse('to', `to (${to.toISOString()}) is in the future`);
  if (to.getTime() - from.getTime() > maxWindowDays * DAY_IN_MS) {
    return refuse('from', `the window from ${from.toISOString()} to ${to.toISOString()} is longer than REPORT_MAX_WINDOW_DAYS (${maxWindowDays} day(s))`);
  }
  return { ok: true, window: { from, to } };
}

function parseInstant(value: unknown, field: string): Date | Extract<ParsedReportRequest, { ok: false }> {
  // Strict: 2026-02-30 is refused rather than rolled over to March, and years are bounded (strictInstant.ts).
  const parsed = parseStrictInstant(value);
  if (!parsed.ok) return refuse(field, `${field} ${parsed.message}; got ${(JSON.stringify(value) ?? String(value)).slice(0, 60)}`);
  return parsed.value;
}

const refuse = (field: string, message: string) => ({ ok: false as const, field, message });
