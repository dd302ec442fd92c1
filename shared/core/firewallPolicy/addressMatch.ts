import ipaddr from 'ipaddr.js';
import { parsePrefix, prefixContains, sourceEntryCovers, type Prefix } from '../ruleRequests/addresses';

/** How much of a traffic source one rule entry (or a list of them) takes in. */
export type Coverage = 'all' | 'some' | 'none';

/** First and last address of a prefix as byte arrays (IPv4: 4 bytes, IPv6: 16). */
function boundsOf(prefix: Prefix): [number[], number[]] {
  const bytes = prefix.address.toByteArray();
  const first = bytes.map((byte, index) => byte & ~((1 << Math.min(8, Math.max(0, (index + 1) * 8 - prefix.length))) - 1) & 0xff);
  const last = bytes.map((byte, index) => byte | ((1 << Math.min(8, Math.max(0, (index + 1) * 8 - prefix.length))) - 1));
  return [first, last];
}

const compare = (left: number[], right: number[]): number => {
  for (let index = 0; index < left.length; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
};

/** Does one entry (`*`, CIDR, IP or `a-b` range, as Azure Firewall takes them) share any address with the prefix? */
function entryOverlaps(entry: string, prefix: Prefix): boolean {
  const text = entry.trim();
  if (text === '*') return true;
  const [low, high] = text.includes('-') ? text.split('-').map((part) => parsePrefix(part)) : [parsePrefix(text), undefined];
  if (!low || low.address.kind() !== prefix.address.kind()) return false;
  const [wantedFirst, wantedLast] = boundsOf(prefix);
  const [entryFirst, entryLast] = high ? [boundsOf(low)[0], boundsOf(high)[1]] : boundsOf(low);
  return compare(entryFirst, wantedLast) <= 0 && compare(wantedFirst, entryLast) <= 0;
}

/**
 * How much of `source` the entries take in: `all` when one entry covers it, `some` when one overlaps it, else
 * `none`. Entries that are not addresses (service tags, garbage) take in nothing.
 */
export function coverageOf(entries: readonly string[], source: Prefix): Coverage {
  if (entries.some((entry) => sourceEntryCovers(entry, source))) return 'all';
  return entries.some((entry) => entryOverlaps(entry, source)) ? 'some' : 'none';
}

/** Is `address` (a single IP) inside one of the entries? */
export function addressIn(entries: readonly string[], address: string): boolean {
  if (!ipaddr.isValid(address.trim())) return false;
  const single = parsePrefix(address);
  return single !== undefined && entries.some((entry) => sourceEntryCovers(entry, single));
}

export { parsePrefix, prefixContains, type Prefix };
