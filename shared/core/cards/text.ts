/** Cuts `text` to at most `maxChars` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text; // code units >= code points, so nothing to cut
  const kept: string[] = [];
  for (const char of text) {
    if (kept.length === maxChars) return maxChars <= 1 ? kept.join('') : `${kept.slice(0, -1).join('')}…`;
    kept.push(char);
  }
  return text;
}

/**
 * Escapes the Markdown that Adaptive Card TextBlocks interpret, for text a requester controls: a justification
 * must not turn into a link or emphasis on an approver's card.
 */
export function escapeMarkdown(text: string): string {
  // Only what starts emphasis, code or a link; escaping every punctuation mark would clutter hosts that show it.
  return text.replace(/[\\`*_[\]]/g, (char) => `\\${char}`);
}

/** A Markdown link whose URL cannot break out of the link syntax. */
export function markdownLink(label: string, url: string): string {
  // encodeURIComponent leaves ( and ) alone, so spell out the percent-encoding.
  const safeUrl = url.replace(/[()\s<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(label)}](${safeUrl})`;
}

/** "2026-11-20 07:00 UTC" from an ISO timestamp; the input unchanged when it is not a date. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "11-20 07:00" from an ISO timestamp, short enough for a chart axis. */
export function formatHour(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(5, 16).replace('T', ' ');
}

export function formatPercent(value: number): string {
  return `${Number.isFinite(value) ? Math.round(value * 10) / 10 : 0}%`;
}

export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '0';
}

/** "a, b, c and 4 more" within `maxChars`. */
export function joinWithMore(items: readonly string[], maxItems: number, maxChars: number): string {
  const shown = items.slice(0, Math.max(0, maxItems)).map((item) => truncate(item, maxChars));
  const rest = items.length - shown.length;
  const joined = shown.join(', ');
  const text = rest > 0 ? `${joined}${joined ? ' and ' : ''}${rest} more` : joined;
  return truncate(text, maxChars);
}

/** Longest URL we put in a card; longer ones are dropped rather than cut (a cut URL is a broken link). */
export const MAX_URL_LENGTH = 2048;

/** `url` when it is an http(s) URL of sane length, else undefined. */
export function usableUrl(url: string): string | undefined {
  return /^https?:\/\/\S+$/i.test(url) && url.length <= MAX_URL_LENGTH ? url : undefined;
}

/** "1 FQDN", "2 FQDNs". */
export function countOf(value: number, noun: string): string {
  return `${formatCount(value)} ${noun}${Math.round(value) === 1 ? '' : 's'}`;
}
