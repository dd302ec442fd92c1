import requiredEgress from './aksRequiredEgress.json';
import type { DeniedApplicationHit, DeniedNetworkHit } from './deniedTraffic';
import { normalizeFqdn } from './deniedTraffic';
import type { LifelineCluster, LifelineDenial } from './egressReportModel';
import type { SourceAttributor } from './sourceAttribution';

/** What the report knows of a guarded AKS cluster beyond its subnets: where it runs and its API server's name. */
export interface AksClusterScope {
  readonly clusterId: string;
  /** managedClusters.location, e.g. "westeurope". */
  readonly location: string;
  /** properties.fqdn; undefined for a cluster ARM gave no public FQDN (private clusters have privateFQDN only). */
  readonly apiServerFqdn?: string;
}

interface RequiredFqdnRule {
  readonly fqdn: string;
  readonly port: string;
  readonly breaks: string;
}

interface RequiredNetworkRule {
  readonly protocol: string;
  readonly port: number;
  readonly destination: string;
  readonly destinationMustResolveTo?: string;
  readonly breaks: string;
}

/** Microsoft's AKS required outbound rules (aksRequiredEgress.json, from ../shared/reference/aks-required-egress.md). */
export const aksRequiredEgress: { readonly fqdnRules: readonly RequiredFqdnRule[]; readonly networkRules: readonly RequiredNetworkRule[] } = requiredEgress;

/** One cluster's required rules with `<region>` and `<apiServerFqdn>` filled in (rules needing an unknown value dropped). */
export function requiredRulesFor(cluster: AksClusterScope): { fqdnRules: RequiredFqdnRule[]; networkRules: RequiredNetworkRule[] } {
  const region = cluster.location.toLowerCase().replace(/\s+/g, '');
  const fill = (text: string): string | undefined => {
    if (text.includes('<apiServerFqdn>') && !cluster.apiServerFqdn) return undefined;
    return text.replaceAll('<region>', region).replaceAll('<apiServerFqdn>', normalizeFqdn(cluster.apiServerFqdn ?? ''));
  };
  const fqdnRules = aksRequiredEgress.fqdnRules.flatMap((rule) => {
    const fqdn = fill(rule.fqdn);
    return fqdn === undefined ? [] : [{ ...rule, fqdn: normalizeFqdn(fqdn) }];
  });
  const networkRules = aksRequiredEgress.networkRules.flatMap((rule) => {
    const destination = fill(rule.destination);
    const mustResolve = rule.destinationMustResolveTo === undefined ? undefined : fill(rule.destinationMustResolveTo);
    if (destination === undefined || (rule.destinationMustResolveTo !== undefined && mustResolve === undefined)) return [];
    return [{ ...rule, destination, ...(mustResolve === undefined ? {} : { destinationMustResolveTo: mustResolve }) }];
  });
  return { fqdnRules, networkRules };
}

/** `*.example.com` matches any name below example.com (not example.com itself); anything else matches exactly. */
export function fqdnMatches(pattern: string, fqdn: string): boolean {
  return normalizedMatches(normalizeFqdn(pattern), normalizeFqdn(fqdn));
}

function normalizedMatches(pattern: string, name: string): boolean {
  return pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern;
}

/**
 * The first required FQDN rule a (normalized) name matches, remembered: a week has few distinct names. Exact names
 * are a Map lookup; only the few wildcard suffixes are scanned.
 */
function createFqdnRuleFinder(rules: readonly RequiredFqdnRule[]): (name: string) => RequiredFqdnRule | undefined {
  const exact = new Map<string, RequiredFqdnRule>();
  const wildcards: { suffix: string; rule: RequiredFqdnRule }[] = [];
  for (const rule of rules) {
    if (rule.fqdn.startsWith('*.')) {
      if (!wildcards.some((known) => known.suffix === rule.fqdn.slice(1))) wildcards.push({ suffix: rule.fqdn.slice(1), rule });
    } else if (!exact.has(rule.fqdn)) exact.set(rule.fqdn, rule);
  }
  const cache = new Map<string, RequiredFqdnRule | null>();
  return (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const rule = exact.get(name) ?? wildcards.find(({ suffix }) => name.length > suffix.length && name.endsWith(suffix))?.rule;
    cache.set(name, rule ?? null);
    return rule;
  };
}

interface Totals {
  hits: number;
  lastSeen: number;
  requirement: string;
  breaks: string;
  fix: string;
  kind: LifelineDenial['kind'];
  /** Denied destinations of this requirement ("ip:port/PROTOCOL", or the FQDN), in order of appearance. */
  destinations: Set<string>;
}

/** Destinations a lifeline denial names before "and N more". */
const MAX_DESTINATIONS_NAMED = 3;

/**
 * Denials of what AKS itself needs (Microsoft's required outbound rules), per guarded cluster whose subnet sent them.
 * These are never a self-service request: they belong in the platform's baseline, so the fix names the
 * AzureKubernetesService FQDN tag (application rules) or the exact network rule.
 */
export function findLifelineDenials(
  applicationHits: readonly DeniedApplicationHit[],
  networkHits: readonly DeniedNetworkHit[],
  attribute: SourceAttributor,
  clusters: readonly AksClusterScope[],
  subnetName: (subnetId: string) => string,
): LifelineCluster[] {
  const byId = new Map(
    clusters.map((cluster) => {
      const rules = requiredRulesFor(cluster);
      return [cluster.clusterId.toLowerCase(), { cluster, rules, findFqdnRule: createFqdnRuleFinder(rules.fqdnRules) }];
    }),
  );
  // Most denials are nothing AKS needs: rule them out by name or port before looking up their source.
  const anyFqdnRule = createFqdnRuleFinder([...byId.values()].flatMap((known) => known.rules.fqdnRules));
  const requiredPorts = new Set([...byId.values()].flatMap((known) => known.rules.networkRules.map((rule) => `${rule.protocol}/${rule.port}`)));
  const found = new Map<string, { cluster: AksClusterScope; subnets: Set<string>; denials: Map<string, Totals> }>();
  const add = (
    clusterId: string,
    subnetId: string,
    key: string,
    destination: string,
    hit: { Hits: number; LastSeen: Date },
    make: () => Omit<Totals, 'hits' | 'lastSeen' | 'destinations'>,
  ) => {
    const known = byId.get(clusterId.toLowerCase());
    if (!known) return;
    let entry = found.get(known.cluster.clusterId);
    if (!entry) found.set(known.cluster.clusterId, (entry = { cluster: known.cluster, subnets: new Set(), denials: new Map() }));
    entry.subnets.add(subnetId);
    const totals = entry.denials.get(key) ?? { ...make(), hits: 0, lastSeen: 0, destinations: new Set<string>() };
    totals.hits += hit.Hits;
    totals.lastSeen = Math.max(totals.lastSeen, hit.LastSeen.getTime());
    totals.destinations.add(destination);
    entry.denials.set(key, totals);
  };
  const fqdnTagFix = (subnetId: string) => `allow the AzureKubernetesService FQDN tag (HTTPS:443) from ${subnetName(subnetId)} in the baseline application rules`;

  // Rows repeat names (one row per FQDN x source x port): normalise each spelling once.
  const normalized = new Map<string, string>();
  for (const hit of applicationHits) {
    let fqdn = normalized.get(hit.Fqdn);
    if (fqdn === undefined) normalized.set(hit.Fqdn, (fqdn = normalizeFqdn(hit.Fqdn)));
    if (anyFqdnRule(fqdn) === undefined) continue;
    const attribution = attribute(hit.SourceIp);
    if (!attribution || attribution.clusterIds.length === 0) continue;
    for (const clusterId of attribution.clusterIds) {
      const rule = byId.get(clusterId.toLowerCase())?.findFqdnRule(fqdn);
      if (!rule) continue;
      add(clusterId, attribution.subnetId, `fqdn|${fqdn}`, fqdn, hit, () => ({
        kind: 'fqdn', requirement: rule.fqdn, breaks: rule.breaks, fix: fqdnTagFix(attribution.subnetId),
      }));
    }
  }
  for (const hit of networkHits) {
    const protocol = hit.Protocol.toUpperCase();
    if (!requiredPorts.has(`${protocol}/${hit.DestinationPort}`) && !hit.DestinationNames.some((name) => anyFqdnRule(normalizeFqdn(name)) !== undefined)) continue;
    const attribution = attribute(hit.SourceIp);
    if (!attribution) continue;
    for (const clusterId of attribution.clusterIds) {
      const known = byId.get(clusterId.toLowerCase());
      if (!known) continue;
      const { rules } = known;
      const networkRule = rules.networkRules.find(
        (rule) =>
          rule.protocol === protocol &&
          rule.port === hit.DestinationPort &&
          (rule.destinationMustResolveTo === undefined || hit.DestinationNames.some((name) => fqdnMatches(rule.destinationMustResolveTo!, name))),
      );
      const destination = `${hit.DestinationIp}:${hit.DestinationPort}/${protocol}`;
      if (networkRule) {
        const requirement = `${protocol} ${networkRule.port} to ${networkRule.destination}`;
        add(clusterId, attribution.subnetId, `net|${requirement}`, destination, hit, () => ({
          kind: 'network',
          requirement,
          breaks: networkRule.breaks,
          fix: `network rule ${protocol} ${networkRule.port} from ${subnetName(attribution.subnetId)} to ${networkRule.destination} in the baseline`,
        }));
        continue;
      }
      // A required FQDN reached over a network rule path (the name came from the DNS proxy log).
      const name = hit.DestinationNames.map(normalizeFqdn).find((candidate) => known.findFqdnRule(candidate) !== undefined);
      const fqdnRule = name === undefined ? undefined : known.findFqdnRule(name);
      if (fqdnRule && name !== undefined) {
        add(clusterId, attribution.subnetId, `net-fqdn|${fqdnRule.fqdn}|${protocol}|${hit.DestinationPort}`, `${destination} (${name})`, hit, () => ({
          kind: 'network', requirement: fqdnRule.fqdn, breaks: fqdnRule.breaks, fix: fqdnTagFix(attribution.subnetId),
        }));
      }
    }
  }
  return [...found.values()]
    .map(({ cluster, subnets, denials }): LifelineCluster => ({
      clusterId: cluster.clusterId,
      region: cluster.location,
      ...(cluster.apiServerFqdn ? { apiServerFqdn: cluster.apiServerFqdn } : {}),
      subnetIds: [...subnets].sort(),
      denials: [...denials.values()]
        .map((totals) => ({
          kind: totals.kind,
          requirement: totals.requirement,
          destination: namedDestinations([...totals.destinations]),
          hits: totals.hits,
          lastSeen: new Date(totals.lastSeen).toISOString(),
          breaks: totals.breaks,
          fix: totals.fix,
        }))
        .sort((a, b) => b.hits - a.hits || (a.destination < b.destination ? -1 : 1)),
    }))
    .sort((a, b) => total(b) - total(a) || (a.clusterId < b.clusterId ? -1 : 1));
}

function namedDestinations(destinations: readonly string[]): string {
  const named = destinations.slice(0, MAX_DESTINATIONS_NAMED).join(', ');
  return destinations.length > MAX_DESTINATIONS_NAMED ? `${named} and ${destinations.length - MAX_DESTINATIONS_NAMED} more` : named;
}

const total = (cluster: LifelineCluster) => cluster.denials.reduce((sum, denial) => sum + denial.hits, 0);

/** Tells whether an FQDN is an AKS requirement of any of the given clusters: the card offers no request link then. */
export function createAksRequirementMatcher(clusters: readonly AksClusterScope[]): (fqdn: string, clusterIds: readonly string[]) => boolean {
  const findersById = new Map(clusters.map((cluster) => [cluster.clusterId.toLowerCase(), createFqdnRuleFinder(requiredRulesFor(cluster).fqdnRules)]));
  return (fqdn, clusterIds) => {
    const name = normalizeFqdn(fqdn);
    return clusterIds.some((id) => findersById.get(id.toLowerCase())?.(name) !== undefined);
  };
}
