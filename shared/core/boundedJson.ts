/**
 * JSON parsing with bounds, for every HTTP body the app reads: a size cap (checked before any parsing) and a nesting
 * cap (checked by one linear scan before JSON.parse), so neither a huge body nor `[[[[...]]]]` 5,000 deep costs more
 * than reading it, and no later recursive walk (validation, JSON.stringify in messages) can overflow the stack.
 * Refusals name the field `body` with a 413 (size) or 400 (anything else).
 */

/** Deeper than any body the app takes (rule requests nest 2 levels, Event Grid events about 6). */
export const DEFAULT_MAX_JSON_DEPTH = 32;

export interface JsonBounds {
  readonly maxBytes: number;
  readonly maxDepth?: number;
}

export type BoundedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413; readonly problem: { readonly path: 'body'; readonly message: string } };

export function parseBoundedJson(text: string, bounds: JsonBounds): BoundedJson {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > bounds.maxBytes) return refuse(413, `is ${size} bytes; at most ${bounds.maxBytes} bytes are accepted`);
  const maxDepth = bounds.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (nestingExceeds(text, maxDepth)) return refuse(400, `nests arrays/objects more than ${maxDepth} levels deep`);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return refuse(400, `is not valid JSON: ${why.length > 120 ? `${why.slice(0, 117)}...` : why}`);
  }
}

/** True when `[`/`{` outside strings nest deeper than maxDepth. One pass, no recursion, no allocation. */
export function nestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c /* \ */) index++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
  return false;
}

const refuse = (status: 400 | 413, message: string): BoundedJson => ({ ok: false, status, problem: { path: 'body', message } });
