import ipaddr from 'ipaddr.js';
import { accept, refuse, shown, type Checked } from './problems';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** A parsed prefix; a single address is a prefix of full length. */
export interface Prefix {
  readonly address: Address;
  readonly length: number;
}

/** Parses `10.42.1.0/24` or `10.42.1.7`; refuses host bits under the mask so the stored rule says what it means. */
export function parsePrefix(raw: string): Prefix | undefined {
  const text = raw.trim();
  try {
    if (text.includes('/')) {
      const [address, length] = ipaddr.parseCIDR(text);
      return { address: unmapped(address), length: address.kind() === 'ipv6' && isMapped(address) ? length - 96 : length };
    }
    if (!ipaddr.isValid(text)) return undefined;
    const address = unmapped(ipaddr.parse(text));
    return { address, length: address.kind() === 'ipv4' ? 32 : 128 };
  } catch {
    return undefined;
  }
}

const isMapped = (address: Address): boolean => address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress();
const unmapped = (address: Address): Address => (isMapped(address) ? (address as ipaddr.IPv6).toIPv4Address() : address);

const networkOf = (prefix: Prefix): string =>
  prefix.address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${prefix.address.toString()}/${prefix.length}`).toString()
    : ipaddr.IPv6.networkAddressFromCIDR(`${prefix.address.toString()}/${prefix.length}`).toString();

/** Is `inner` entirely inside `outer`? */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.address.kind() !== inner.address.kind() || inner.length < outer.length) return false;
  return inner.address.match(outer.address, outer.length);
}

/**
 * Validates one requested source address: a CIDR or single IP inside one of the guarded spokes' address spaces.
 * Returns the canonical text (`10.42.1.0/24`, `10.42.1.7`).
 */
export function normalizeSourceAddress(raw: unknown, allowedSpaces: readonly Prefix[]): Checked<string> {
  if (typeof raw !== 'string') return refuse(`must be a string (CIDR or IP address), got ${shown(raw)}`);
  const prefix = parsePrefix(raw);
  if (!prefix) return refuse(`${shown(raw)} is not a CIDR prefix or IP address`);
  const network = networkOf(prefix);
  if (network !== prefix.address.toString()) {
    return refuse(`${shown(raw)} has host bits set; did you mean ${network}/${prefix.length}?`);
  }
  if (!allowedSpaces.some((space) => prefixContains(space, prefix))) {
    return refuse(`${shown(raw)} is not inside the address space of a guarded spoke VNet`);
  }
  const full = prefix.address.kind() === 'ipv4' ? 32 : 128;
  return accept(prefix.length === full ? network : `${network}/${prefix.length}`);
}

/**
 * Does one firewall `sourceAddresses` entry cover a requested prefix? Entries may be `*`, a CIDR, an IP or a
 * range `a-b` (Azure Firewall accepts all four).
 */
export function sourceEntryCovers(entry: string, requested: Prefix): boolean {
  const text = entry.trim();
  if (text === '*') return true;
  if (text.includes('-')) return rangeCovers(text, requested);
  const prefix = parsePrefix(text);
  return prefix !== undefined && prefixContains(prefix, requested);
}

function rangeCovers(range: string, requested: Prefix): boolean {
  const [from, to] = range.split('-').map((part) => parsePrefix(part));
  if (!from || !to || from.address.kind() !== requested.address.kind() || to.address.kind() !== requested.address.kind()) return false;
  const first = ipaddr.parse(networkOf(requested)).toByteArray();
  const last = lastAddressBytes(requested);
  return compareBytes(from.address.toByteArray(), first) <= 0 && compareBytes(last, to.address.toByteArray()) <= 0;
}

function lastAddressBytes(prefix: Prefix): number[] {
  const bytes = prefix.address.toByteArray();
  return bytes.map((byte, index) => {
    const hostBits = Math.min(8, Math.max(0, (index + 1) * 8 - prefix.length));
    return byte | ((1 << hostBits) - 1);
  });
}

function compareBytes(left: number[], right: number[]): number {
  for (let index = 0; index < left.length; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
