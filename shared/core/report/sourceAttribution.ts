import ipaddr from 'ipaddr.js';

/** An AKS-relevant subnet from ARM state: its address prefixes and the clusters whose node pools use it. */
export interface SubnetScope {
  readonly subnetId: string;
  readonly prefixes: readonly string[];
  readonly clusterIds: readonly string[];
}

export interface SourceAttribution {
  readonly subnetId: string;
  readonly clusterIds: readonly string[];
}

export type SourceAttributor = (sourceIp: string) => SourceAttribution | undefined;

interface ParsedPrefix {
  readonly range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  readonly scope: SubnetScope;
}

/**
 * Maps a source IP to the subnet (and clusters) containing it. The most specific prefix wins, so overlapping
 * declarations (a VNet-wide scope and a subnet) resolve to the subnet. Unparseable prefixes are skipped: ARM state
 * is not ours to validate, and one bad subnet must not hide the rest of the report.
 */
export function createSourceAttributor(subnets: readonly SubnetScope[]): SourceAttributor {
  const prefixes: ParsedPrefix[] = [];
  for (const scope of subnets) {
    for (const prefix of scope.prefixes) {
      try {
        prefixes.push({ range: ipaddr.parseCIDR(prefix), scope });
      } catch {
        continue;
      }
    }
  }
  prefixes.sort((a, b) => b.range[1] - a.range[1]);
  // null = looked up, in no subnet: one Map read per call (the report calls this for every row, several times).
  const cache = new Map<string, SourceAttribution | null>();
  return (sourceIp) => {
    const cached = cache.get(sourceIp);
    if (cached !== undefined) return cached ?? undefined;
    const found = match(prefixes, sourceIp);
    const attribution = found ? { subnetId: found.subnetId, clusterIds: found.clusterIds } : null;
    cache.set(sourceIp, attribution);
    return attribution ?? undefined;
  };
}

function match(prefixes: readonly ParsedPrefix[], sourceIp: string): SubnetScope | undefined {
  if (!ipaddr.isValid(sourceIp)) return undefined;
  let address = ipaddr.parse(sourceIp);
  // ::ffff:10.0.0.1 is an IPv4 source written as IPv6; match it against IPv4 prefixes.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  return prefixes.find(({ range }) => range[0].kind() === address.kind() && address.match(range))?.scope;
}
