import type { Problem } from './problems';

export type ParsedBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly status: 400 | 413; readonly problems: readonly Problem[] };

/**
 * Turns the raw HTTP body into a JSON object, refusing it before parsing when it is larger than maxBytes (UTF-8),
 * so a huge body costs no JSON work. 413 for size; 400 for anything that is not a JSON object.
 */
export function parseRuleRequestBody(text: string, maxBytes: number): ParsedBody {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) {
    return { ok: false, status: 413, problems: [{ path: 'body', message: `is ${size} bytes; at most ${maxBytes} bytes are accepted` }] };
  }
  if (text.trim() === '') return { ok: false, status: 400, problems: [{ path: 'body', message: 'is empty; send a JSON object' }] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 400, problems: [{ path: 'body', message: `is not valid JSON: ${why}` }] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    return { ok: false, status: 400, problems: [{ path: 'body', message: `must be a JSON object, got ${kind}` }] };
  }
  return { ok: true, body: parsed as Record<string, unknown> };
}
