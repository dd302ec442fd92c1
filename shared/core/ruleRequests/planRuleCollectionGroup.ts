import {
  FILTER_RULE_COLLECTION,
  sameName,
  type ArmRule,
  type ArmRuleCollection,
  type ArmRuleCollectionGroup,
} from '../firewallPolicy/firewallPolicyModel';
import { isOwnedRuleName, toApplicationRule, type OwnedRule } from './ownedRule';
import { sameOwnedRule } from './ruleEquivalence';
import { GuardError } from '../../errors';

/**
 * Layout decision: all approved requests live as one ApplicationRule each (named `req-<requestId>`) in ONE owned
 * Allow filter collection inside the owned group. Reasons: (1) rule names give the deterministic identity, so a
 * retry finds its rule; (2) no per-request collection priority to allocate in a 100..65000 space; (3) an
 * ApplicationRule already expresses a request exactly (every FQDN x every protocol from every source).
 */
export const DEFAULT_OWNED_COLLECTION_NAME = 'egress-guard-requests';
export const DEFAULT_OWNED_COLLECTION_PRIORITY = 100;
const MAX_PRIORITY = 65000;

export interface PlanOptions {
  /** Settings.ruleCollectionGroupName: used when the group does not exist yet. */
  readonly groupName: string;
  /** Settings.ruleCollectionGroupPriority: used only when creating the group; a priority set by people is kept. */
  readonly groupPriority: number;
  readonly collectionName?: string;
  /** Preferred priority of the owned collection when created; the next free one in the group is used if taken. */
  readonly collectionPriority?: number;
}

export interface RuleDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
}

export interface RuleCollectionGroupPlan {
  /** The whole group to PUT: foreign collections and rules exactly as read, read-only properties dropped. */
  readonly body: ArmRuleCollectionGroup;
  /** The etag read with `current`, for an If-Match on the PUT (undefined when creating). */
  readonly etag: string | undefined;
  readonly diff: RuleDiff;
  /** False when the PUT can be skipped. */
  readonly changed: boolean;
}

/** The owned collection exists but is not an Allow filter collection: writing rules there would not allow. */
export class OwnedCollectionConflictError extends GuardError<'owned-collection-conflict'> {
  override readonly name = 'OwnedCollectionConflictError';
  constructor(message: string) {
    super('owned-collection-conflict', message);
  }
}

/**
 * Level-based: `desiredRules` is the complete set of requests that must be in the firewall now. Owned rules
 * (`req-*`) not in it are removed (expiry removes exactly that rule), missing ones added, drifted ones rewritten.
 * Everything else in the group is passed through unmodified. Pure; never reads read-only fields for decisions.
 */
export function planRuleCollectionGroup(
  current: ArmRuleCollectionGroup | undefined,
  desiredRules: readonly OwnedRule[],
  options: PlanOptions,
): RuleCollectionGroupPlan {
  const collectionName = options.collectionName ?? DEFAULT_OWNED_COLLECTION_NAME;
  const collections = current?.properties?.ruleCollections ?? [];
  const ownedIndex = collections.findIndex((collection) => sameName(collection.name, collectionName));
  const owned = ownedIndex >= 0 ? collections[ownedIndex] : undefined;
  if (owned && (owned.ruleCollectionType !== FILTER_RULE_COLLECTION || owned.action?.type !== 'Allow')) {
    throw new OwnedCollectionConflictError(
      `Rule collection "${collectionName}" in group "${current?.name ?? options.groupName}" is not an Allow filter collection; fix or rename it`,
    );
  }
  const { rules, diff } = mergeRules(owned?.rules ?? [], desiredRules);
  const nextCollections = placeOwnedCollection(collections, ownedIndex, rules, collectionName, options.collectionPriority);
  const changed = diff.added.length + diff.removed.length + diff.updated.length > 0;
  return { body: toBody(current, nextCollections, options), etag: current?.etag, diff, changed };
}

/** Keeps foreign rules and unchanged owned rules in place (as read), rewrites drifted ones, appends new ones sorted. */
function mergeRules(currentRules: readonly ArmRule[], desiredRules: readonly OwnedRule[]): { rules: ArmRule[]; diff: RuleDiff } {
  const desired = new Map(desiredRules.map((rule) => [toApplicationRule(rule).name.toLowerCase(), toApplicationRule(rule)]));
  const diff = { added: [] as string[], removed: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  const rules: ArmRule[] = [];
  for (const rule of currentRules) {
    if (!isOwnedRuleName(rule.name)) {
      rules.push(rule);
      continue;
    }
    const key = (rule.name ?? '').toLowerCase();
    const wanted = desired.get(key);
    if (!wanted) diff.removed.push(rule.name ?? '');
    else if (sameOwnedRule(rule, wanted)) {
      rules.push(rule);
      diff.unchanged.push(wanted.name);
    } else {
      rules.push(wanted);
      diff.updated.push(wanted.name);
    }
    desired.delete(key);
  }
  const additions = [...desired.values()].sort((a, b) => a.name.localeCompare(b.name));
  rules.push(...additions);
  diff.added.push(...additions.map((rule) => rule.name));
  return { rules, diff };
}

/** Puts the owned collection back where it was, creates it at the end, or drops it when it would be empty. */
function placeOwnedCollection(
  collections: readonly ArmRuleCollection[],
  ownedIndex: number,
  rules: ArmRule[],
  collectionName: string,
  preferredPriority = DEFAULT_OWNED_COLLECTION_PRIORITY,
): ArmRuleCollection[] {
  const next = [...collections];
  const owned = next[ownedIndex];
  if (owned) {
    if (rules.length === 0) next.splice(ownedIndex, 1);
    else next[ownedIndex] = { ...owned, rules };
    return next;
  }
  if (rules.length === 0) return next;
  next.push({
    ruleCollectionType: FILTER_RULE_COLLECTION,
    name: collectionName,
    priority: freePriority(collections, preferredPriority),
    action: { type: 'Allow' },
    rules,
  });
  return next;
}

/** Lowest priority >= preferred not used by another collection in the group (then wraps from 100). */
function freePriority(collections: readonly ArmRuleCollection[], preferred: number): number {
  const used = new Set(collections.map((collection) => collection.priority));
  for (let priority = preferred; priority <= MAX_PRIORITY; priority++) if (!used.has(priority)) return priority;
  for (let priority = 100; priority < preferred; priority++) if (!used.has(priority)) return priority;
  throw new RangeError('No free rule collection priority left in the group');
}

/** The PUT body: the group as read minus read-only fields, or a new group from the settings. */
function toBody(current: ArmRuleCollectionGroup | undefined, ruleCollections: ArmRuleCollection[], options: PlanOptions): ArmRuleCollectionGroup {
  if (!current) return { name: options.groupName, properties: { priority: options.groupPriority, ruleCollections } };
  const { etag: _etag, type: _type, properties = {}, ...group } = current;
  const { provisioningState: _state, size: _size, ...writable } = properties;
  return { ...group, properties: { ...writable, priority: writable.priority ?? options.groupPriority, ruleCollections } };
}
