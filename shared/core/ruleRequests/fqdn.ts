import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import { accept, refuse, shown, type Checked } from './problems';

const MAX_NAME_LENGTH = 253;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Before IDNA conversion only these ASCII characters may appear (plus any non-ASCII letter): domainToASCII
 * percent-decodes (`a%62.com` -> `ab.com`) and lets `_` through, so both must be refused up front. */
const ASCII_OUTSIDE_HOSTNAME = /[\u0000-\u002c\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007f]/;

/** A target FQDN as the firewall takes it: lower-case ASCII (punycode), optionally `*.` + a base name. */
export interface TargetFqdn {
  readonly name: string;
  readonly wildcard: boolean;
}

/**
 * Normalizes one requested FQDN: trims, drops one trailing dot, converts Unicode to punycode (node's WHATWG
 * `domainToASCII`) and checks RFC 1035 label syntax. Wildcards only as the whole leftmost label and never over a
 * public suffix: the private section of the list counts too, because `*.blob.core.windows.net` or
 * `*.azurewebsites.net` would open every tenant's endpoints (an exfiltration path).
 */
export function normalizeFqdn(raw: unknown): Checked<TargetFqdn> {
  if (typeof raw !== 'string') return refuse(`must be a string, got ${shown(raw)}`);
  let text = raw.trim();
  if (text === '') return refuse('must not be empty');
  if (text === '*') return refuse('a bare * would allow every destination');
  if (text.endsWith('.')) text = text.slice(0, -1);
  const wildcard = text.startsWith('*.');
  const base = wildcard ? text.slice(2) : text;
  if (base.includes('*')) return refuse(`${shown(raw)}: a wildcard is allowed only as the whole leftmost label (*.example.com)`);
  if (looksLikeIpLiteral(base)) return refuse(`${shown(raw)} is an IP address; only host names are allowed`);
  if (ASCII_OUTSIDE_HOSTNAME.test(base)) return refuse(`${shown(raw)} contains a character not allowed in a host name`);
  const ascii = domainToASCII(base).toLowerCase();
  if (ascii === '') return refuse(`${shown(raw)} is not a valid internationalized domain name`);
  const problem = syntaxProblem(ascii, wildcard) ?? (looksLikeIpLiteral(ascii) ? 'is an IP address; only host names are allowed' : undefined);
  if (problem) return refuse(`${shown(raw)} ${problem}`);
  if (wildcard && isPublicSuffix(ascii)) return refuse(`${shown(raw)}: a wildcard over the public suffix ${ascii} is not allowed`);
  return accept({ name: wildcard ? `*.${ascii}` : ascii, wildcard });
}

/** Length and label rules; for a wildcard the `*` label counts towards the length and the two-label minimum. */
function syntaxProblem(ascii: string, wildcard: boolean): string | undefined {
  if (ascii.length + (wildcard ? 2 : 0) > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  const labels = ascii.split('.');
  if (labels.length + (wildcard ? 1 : 0) < 2) return 'needs at least two labels (e.g. example.com)';
  for (const label of labels) {
    if (label.length === 0) return 'has an empty label';
    if (label.length > 63) return 'has a label longer than 63 characters';
    if (!LABEL.test(label)) return `has an invalid label "${label}" (letters, digits and inner hyphens only)`;
  }
  return undefined;
}

/** Dotted numbers, IPv6 and WHATWG numeric hosts (`0x7f.1`): a numeric last label is never a real TLD. */
function looksLikeIpLiteral(name: string): boolean {
  if (name.startsWith('[') || name.includes(':')) return true;
  if (ipaddr.isValid(name)) return true;
  const last = name.split('.').pop() ?? '';
  return /^(?:0x[0-9a-f]*|\d+)$/i.test(last);
}

function isPublicSuffix(ascii: string): boolean {
  // The public suffix list (~130 KB) loads on the first rule request, not at every cold start.
  const { parse: parseDomain } = require('tldts') as typeof import('tldts');
  const parsed = parseDomain(ascii, { allowPrivateDomains: true });
  return parsed.domain === null || parsed.publicSuffix === ascii;
}

/**
 * Does a firewall target (`*`, `*.example.com` or an exact name, any case) cover the requested name? A requested
 * wildcard is covered only by an equal or wider wildcard. Azure Firewall's `*.x` matches names at any depth under x.
 */
export function targetCovers(target: string, requested: string): boolean {
  const pattern = target.trim().toLowerCase().replace(/\.$/, '');
  const wanted = requested.toLowerCase();
  if (pattern === '*') return true;
  if (!pattern.startsWith('*.')) return pattern === wanted;
  const suffix = pattern.slice(1); // ".example.com"
  if (wanted.startsWith('*.')) return wanted.slice(1).endsWith(suffix);
  return wanted.endsWith(suffix);
}
