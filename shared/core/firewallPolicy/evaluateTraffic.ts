import { AKS_FQDN_TAG, AKS_FQDN_TAG_PROTOCOL, aksFqdnTagCovers } from './aksFqdnTag';
import { coverageOf, parsePrefix, type Coverage } from './addressMatch';
import { targetCovers } from '../ruleRequests/fqdn';
import {
  FILTER_RULE_COLLECTION,
  isApplicationRule,
  isNetworkRule,
  type ArmApplicationRule,
  type ArmNetworkRule,
  type ArmRule,
  type ArmRuleCollection,
} from './firewallPolicyModel';
import type { PolicyView } from './policyView';

/** Outbound HTTP(S) to a name, as application rules see it (and network rules, as TCP to that port). */
export interface ApplicationTraffic {
  readonly kind: 'application';
  /** One CIDR or IP: the whole range must be allowed. */
  readonly source: string;
  /** Lower-case; `*.x` stands for every name under x. */
  readonly fqdn: string;
  readonly protocol: { readonly protocolType: string; readonly port: number };
}

export type NetworkDestination =
  | { readonly kind: 'serviceTag'; readonly tag: string }
  | { readonly kind: 'fqdn'; readonly fqdn: string };

/** Outbound TCP/UDP to a port, as network rules see it. */
export interface NetworkTraffic {
  readonly kind: 'network';
  readonly source: string;
  readonly ipProtocol: 'TCP' | 'UDP';
  readonly port: number;
  readonly destination: NetworkDestination;
}

export type Traffic = ApplicationTraffic | NetworkTraffic;

export type RuleVia =
  | { readonly kind: 'targetFqdn'; readonly target: string }
  | { readonly kind: 'fqdnTag'; readonly tag: string }
  | { readonly kind: 'destinationFqdn'; readonly target: string }
  | { readonly kind: 'destinationAddress'; readonly address: string };

export interface RuleRef {
  readonly policyName: string;
  readonly groupName: string;
  readonly collectionName: string;
  readonly ruleName: string;
  readonly ruleType: 'NetworkRule' | 'ApplicationRule';
  readonly action: 'Allow' | 'Deny';
  /** What in the rule matched the destination. */
  readonly via: RuleVia;
}

export interface Verdict {
  readonly allowed: boolean;
  /** The rule that decided; undefined: no rule matched and the firewall denies by default. */
  readonly decidedBy?: RuleRef;
  /** The deciding Deny rule covers only part of the source range. */
  readonly partial: boolean;
  /** Allow rules that match the traffic but come after the Deny that decided it (shadowed by it). */
  readonly shadowed: readonly RuleRef[];
}

interface OrderedCollection {
  readonly policyName: string;
  readonly groupName: string;
  readonly collection: ArmRuleCollection;
}

/**
 * Decides outbound traffic the way Azure Firewall processes a policy (Microsoft Learn, "Azure Firewall rule
 * processing logic" and "Azure Firewall Policy rule sets"): network rules before application rules whatever the
 * priorities; within each, the parent policy's rule collection groups before the child's, groups by priority
 * (100 first), collections by priority, rules in order; the first match is terminal; no match is denied. At equal
 * standing a Deny collection is taken before an Allow one. DNAT rules only see inbound traffic to the firewall's
 * public IPs, so outbound traffic never meets them (see dnatRulesTo).
 *
 * What cannot be known from the policy alone is treated as "does not match": a network rule whose destination is
 * an IP, range or IP group never matches traffic named by FQDN or service tag, nor does an unknown IP group or FQDN
 * tag other than AzureKubernetesService. So "allowed" is only claimed when a rule provably allows it.
 */
export function evaluateTraffic(policy: PolicyView, traffic: Traffic): Verdict {
  const source = parsePrefix(traffic.source);
  if (source === undefined) return { allowed: false, partial: false, shadowed: [] };
  const ordered = orderedCollections(policy);
  const passes: Array<'NetworkRule' | 'ApplicationRule'> = traffic.kind === 'application' ? ['NetworkRule', 'ApplicationRule'] : ['NetworkRule'];
  let decision: Omit<Verdict, 'shadowed'> | undefined;
  const shadowed: RuleRef[] = [];
  for (const ruleType of passes) {
    for (const { policyName, groupName, collection } of ordered) {
      const action = actionOf(collection);
      if (action === undefined) continue;
      for (const rule of collection.rules ?? []) {
        if (rule.ruleType !== ruleType) continue;
        const match = destinationMatch(rule, traffic);
        if (match === undefined) continue;
        const { via, whole } = match;
        const sourceShare = sourceCoverage(rule, policy, source);
        if (sourceShare === 'none') continue;
        // A rule on some of the names a wildcard stands for takes in part of the traffic, like a narrower source.
        const coverage: Coverage = whole ? sourceShare : 'some';
        const ref: RuleRef = { policyName, groupName, collectionName: collection.name ?? '', ruleName: rule.name ?? '', ruleType, action, via };
        if (decision !== undefined) {
          if (action === 'Allow' && coverage === 'all') shadowed.push(ref);
          continue;
        }
        // A partial Allow lets part of the range through; the rest still needs a later rule, so keep looking.
        if (coverage === 'some' && action === 'Allow') continue;
        decision = { allowed: action === 'Allow', decidedBy: ref, partial: coverage === 'some' };
        if (decision.allowed) return { ...decision, shadowed: [] };
      }
    }
  }
  return decision === undefined ? { allowed: false, partial: false, shadowed } : { ...decision, shadowed };
}

/** Filter collections in processing order (parent policies first, then group and collection priority; Deny first at a tie). */
function orderedCollections(policy: PolicyView): OrderedCollection[] {
  return policy.layers.flatMap((layer) =>
    byPriority(layer.groups, (group) => group.properties?.priority).flatMap((group) =>
      [...(group.properties?.ruleCollections ?? [])]
        .filter((collection) => collection.ruleCollectionType === FILTER_RULE_COLLECTION)
        .sort((a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER) || denyFirst(a) - denyFirst(b))
        .map((collection) => ({ policyName: layer.policyName, groupName: group.name ?? '', collection })),
    ),
  );
}

const denyFirst = (collection: ArmRuleCollection) => (actionOf(collection) === 'Deny' ? 0 : 1);

function actionOf(collection: ArmRuleCollection): 'Allow' | 'Deny' | undefined {
  const type = collection.action?.type?.toLowerCase();
  return type === 'allow' ? 'Allow' : type === 'deny' ? 'Deny' : undefined;
}

/** Stable sort by priority; a missing priority sorts last. */
export function byPriority<T>(items: readonly T[], priorityOf: (item: T) => number | undefined): T[] {
  return [...items].sort((a, b) => (priorityOf(a) ?? Number.MAX_SAFE_INTEGER) - (priorityOf(b) ?? Number.MAX_SAFE_INTEGER));
}

function sourceCoverage(rule: ArmRule, policy: PolicyView, source: NonNullable<ReturnType<typeof parsePrefix>>): Coverage {
  const { sourceAddresses, sourceIpGroups } = rule as { sourceAddresses?: readonly string[]; sourceIpGroups?: readonly string[] };
  const fromGroups = (sourceIpGroups ?? []).flatMap((id) => policy.ipGroups.get(id.toLowerCase()) ?? []);
  return coverageOf([...(sourceAddresses ?? []), ...fromGroups], source);
}

function destinationMatch(rule: ArmRule, traffic: Traffic): { via: RuleVia; whole: boolean } | undefined {
  const whole = (via: RuleVia | undefined) => (via === undefined ? undefined : { via, whole: true });
  if (isNetworkRule(rule)) return whole(networkRuleMatch(rule, traffic));
  if (isApplicationRule(rule) && traffic.kind === 'application') {
    const covering = applicationRuleMatch(rule, traffic);
    if (covering !== undefined) return { via: covering, whole: true };
    // Requested `*.x` and a rule on `a.x` or `*.a.x`: the rule decides part of the names.
    const narrower = traffic.fqdn.startsWith('*.') && (rule.protocols ?? []).some((candidate) => sameProtocol(candidate, traffic.protocol))
      ? (rule.targetFqdns ?? []).find((entry) => targetCovers(traffic.fqdn, entry.toLowerCase()))
      : undefined;
    return narrower === undefined ? undefined : { via: { kind: 'targetFqdn', target: narrower }, whole: false };
  }
  return undefined;
}

const sameProtocol = (candidate: { protocolType?: string; port?: number }, wanted: { protocolType: string; port: number }) =>
  (candidate.protocolType ?? '').toLowerCase() === wanted.protocolType.toLowerCase() && candidate.port === wanted.port;

function networkRuleMatch(rule: ArmNetworkRule, traffic: Traffic): RuleVia | undefined {
  const ipProtocol = traffic.kind === 'application' ? 'TCP' : traffic.ipProtocol;
  const port = traffic.kind === 'application' ? traffic.protocol.port : traffic.port;
  if (!(rule.ipProtocols ?? []).some((protocol) => ['any', ipProtocol.toLowerCase()].includes(protocol.toLowerCase()))) return undefined;
  if (!(rule.destinationPorts ?? []).some((entry) => portIn(entry, port))) return undefined;
  const addresses = rule.destinationAddresses ?? [];
  if (addresses.some((address) => address.trim() === '*')) return { kind: 'destinationAddress', address: '*' };
  const fqdn = traffic.kind === 'application' ? traffic.fqdn : traffic.destination.kind === 'fqdn' ? traffic.destination.fqdn : undefined;
  if (fqdn !== undefined) {
    const target = (rule.destinationFqdns ?? []).find((entry) => targetCovers(entry, fqdn));
    return target === undefined ? undefined : { kind: 'destinationFqdn', target };
  }
  if (traffic.kind === 'network' && traffic.destination.kind === 'serviceTag') {
    const wanted = traffic.destination.tag.toLowerCase();
    // A global tag holds its regional ones: AzureCloud covers AzureCloud.westeurope.
    const address = addresses.find((entry) => entry.toLowerCase() === wanted || wanted.startsWith(`${entry.toLowerCase()}.`));
    return address === undefined ? undefined : { kind: 'destinationAddress', address };
  }
  return undefined;
}

function applicationRuleMatch(rule: ArmApplicationRule, traffic: ApplicationTraffic): RuleVia | undefined {
  if (!(rule.protocols ?? []).some((candidate) => sameProtocol(candidate, traffic.protocol))) return undefined;
  const target = (rule.targetFqdns ?? []).find((entry) => targetCovers(entry, traffic.fqdn));
  if (target !== undefined) return { kind: 'targetFqdn', target };
  const tagApplies =
    (rule.fqdnTags ?? []).some((tag) => tag.toLowerCase() === AKS_FQDN_TAG.toLowerCase()) && sameProtocol(AKS_FQDN_TAG_PROTOCOL, traffic.protocol) && aksFqdnTagCovers(traffic.fqdn);
  return tagApplies ? { kind: 'fqdnTag', tag: AKS_FQDN_TAG } : undefined;
}

/** `443`, `1000-2000` or `*`. */
function portIn(entry: string, port: number): boolean {
  const text = entry.trim();
  if (text === '*') return true;
  const [low, high = low] = text.split('-').map((part) => Number(part.trim()));
  return low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high) && low <= port && port <= high;
}

/** One line naming a rule, for findings and answers. */
export function describeRule(ref: RuleRef): string {
  const where = [ref.policyName, ref.groupName, ref.collectionName].filter((part) => part !== '').join('/');
  return `${ref.action} rule ${ref.ruleName} (${where})`;
}
