import { queryIdMarker } from '../../../shared/azure/logs/queries';

/** What the emulator needs from a query the app sent: its id and the decoded `let` parameters. */
export interface ParsedAppQuery {
  readonly id: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Lower-cased; empty = no filter. */
  readonly firewallIds: readonly string[];
  /** The whole query as sent, for twins that depend on more of it than the parameters (the inventory's legs). */
  readonly text: string;
}

const base64Literal = /base64_decode_tostring\("([A-Za-z0-9+/=]*)"\)/g;

/**
 * Reads the marker line and the prelude written by shared/azure/logs/kqlParameters.ts. Anything else (a query
 * typed by hand, a changed prelude) yields undefined, and the emulator answers like Log Analytics does to a query
 * it cannot run.
 */
export function parseAppQuery(text: string): ParsedAppQuery | undefined {
  const lines = text.split('\n');
  if (!lines[0]?.startsWith(queryIdMarker)) return undefined;
  const id = lines[0].slice(queryIdMarker.length).trim();
  const start = /^let windowStart = datetime\(([0-9T:.\-Z]+)\);$/m.exec(text)?.[1];
  const end = /^let windowEnd = datetime\(([0-9T:.\-Z]+)\);$/m.exec(text)?.[1];
  const ids = /^let firewallIds = (dynamic\(\[\]\)|pack_array\(.*\));$/m.exec(text)?.[1];
  if (!start || !end || !ids) return undefined;
  return {
    id,
    windowStart: Date.parse(start),
    windowEnd: Date.parse(end),
    firewallIds: [...ids.matchAll(base64Literal)].map((match) => Buffer.from(match[1] ?? '', 'base64').toString('utf8')),
    text,
  };
}
