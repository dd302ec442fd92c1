import { parseBoundedJson } from '../boundedJson';
import type { Problem } from './problems';

export type ParsedBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly status: 400 | 413; readonly problems: readonly Problem[] };

/**
 * Turns the raw HTTP body into a JSON object, refusing it before parsing when it is larger than maxBytes (UTF-8),
 * so a huge body costs no JSON work, and nesting deeper than DEFAULT_MAX_JSON_DEPTH before parsing (boundedJson.ts).
 * 413 for size; 400 for anything that is not a JSON object.
 */
export function parseRuleRequestBody(text: string, maxBytes: number): ParsedBody {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes && text.trim() === '') {
    return { ok: false, status: 400, problems: [{ path: 'body', message: 'is empty; send a JSON object' }] };
  }
  const parsed = parseBoundedJson(text, { maxBytes });
  if (!parsed.ok) return { ok: false, status: parsed.status, problems: [parsed.problem] };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return { ok: false, status: 400, problems: [{ path: 'body', message: `must be a JSON object, got ${kind}` }] };
  }
  return { ok: true, body: value as Record<string, unknown> };
}
