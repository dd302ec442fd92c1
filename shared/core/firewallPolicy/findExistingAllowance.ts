import { parsePrefix, sourceEntryCovers } from '../rules/addresses';
import { AKS_FQDN_TAG, AKS_FQDN_TAG_PROTOCOL, aksFqdnTagCovers } from './aksFqdnTag';
import { targetCovers } from '../rules/fqdn';
import {
  FILTER_RULE_COLLECTION,
  isApplicationRule,
  type ArmApplicationRule,
  type ArmRuleCollection,
  type ArmRuleCollectionGroup,
} from './firewallPolicyModel';
import type { ApplicationProtocol } from '../rules/protocols';

export interface AllowanceQuery {
  /** Normalized FQDN (lower-case punycode, optionally `*.`). */
  readonly fqdn: string;
  readonly protocol: ApplicationProtocol;
  /** Resolved source prefixes; every one must be covered by the same rule. */
  readonly sourceAddresses: readonly string[];
}

export interface ExistingAllowance {
  readonly groupName: string;
  readonly collectionName: string;
  readonly ruleName: string;
  /** Which rule entry matched: the covering target FQDN, or the FQDN tag name. */
  readonly via: { readonly kind: 'targetFqdn'; readonly target: string } | { readonly kind: 'fqdnTag'; readonly tag: string };
}

/**
 * Finds an Allow application rule in the policy's groups that already allows fqdn + protocol from all the sources,
 * in the order the firewall evaluates them (group priority, then collection priority). Conservative: rules whose
 * sources are IP groups are not counted (their prefixes are not known here), and Deny collections are not weighed.
 */
export function findExistingAllowance(groups: readonly ArmRuleCollectionGroup[], query: AllowanceQuery): ExistingAllowance | undefined {
  const sources = query.sourceAddresses.map(parsePrefix);
  if (sources.length === 0 || sources.some((prefix) => prefix === undefined)) return undefined;
  for (const group of byPriority(groups, (g) => g.properties?.priority)) {
    const collections = byPriority(group.properties?.ruleCollections ?? [], (c) => c.priority).filter(isAllowFilterCollection);
    for (const collection of collections) {
      for (const rule of (collection.rules ?? []).filter(isApplicationRule)) {
        if (!allowsProtocol(rule, query.protocol)) continue;
        if (!sources.every((prefix) => prefix && (rule.sourceAddresses ?? []).some((entry) => sourceEntryCovers(entry, prefix)))) continue;
        const via = matchTarget(rule, query);
        if (via) return { groupName: group.name ?? '', collectionName: collection.name ?? '', ruleName: rule.name ?? '', via };
      }
    }
  }
  return undefined;
}

function matchTarget(rule: ArmApplicationRule, query: AllowanceQuery): ExistingAllowance['via'] | undefined {
  const target = (rule.targetFqdns ?? []).find((entry) => targetCovers(entry, query.fqdn));
  if (target !== undefined) return { kind: 'targetFqdn', target };
  const tagApplies =
    (rule.fqdnTags ?? []).some((tag) => tag.toLowerCase() === AKS_FQDN_TAG.toLowerCase()) &&
    sameProtocol(query.protocol, AKS_FQDN_TAG_PROTOCOL) &&
    aksFqdnTagCovers(query.fqdn);
  return tagApplies ? { kind: 'fqdnTag', tag: AKS_FQDN_TAG } : undefined;
}

const sameProtocol = (a: ApplicationProtocol, b: { protocolType?: string; port?: number }) =>
  a.protocolType.toLowerCase() === (b.protocolType ?? '').toLowerCase() && a.port === b.port;

const allowsProtocol = (rule: ArmApplicationRule, protocol: ApplicationProtocol) =>
  (rule.protocols ?? []).some((candidate) => sameProtocol(protocol, candidate));

const isAllowFilterCollection = (collection: ArmRuleCollection) =>
  collection.ruleCollectionType === FILTER_RULE_COLLECTION && collection.action?.type?.toLowerCase() === 'allow';

/** Stable sort by priority; a missing priority sorts last. */
function byPriority<T>(items: readonly T[], priorityOf: (item: T) => number | undefined): T[] {
  return [...items].sort((a, b) => (priorityOf(a) ?? Number.MAX_SAFE_INTEGER) - (priorityOf(b) ?? Number.MAX_SAFE_INTEGER));
}
