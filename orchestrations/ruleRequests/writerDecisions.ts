import type { OwnedRule } from '../../shared/core/ruleRequests/ownedRule';
import { ruleNameFor } from '../../shared/core/ruleRequests/ownedRule';
import type { RuleDiff } from '../../shared/core/ruleRequests/planRuleCollectionGroup';
import type { RuleRequest, RuleRequestStatus } from '../../shared/core/ruleRequests/ruleRequest';
import type { WriteOutcome } from './types';

/** Statuses whose rule must be in the firewall (while unexpired). `applying` covers a pass that crashed midway. */
const WANTED: readonly RuleRequestStatus[] = ['approved', 'applying', 'applied'];

/** The complete desired set for a level-based pass: approved or applied requests that have not expired at `now`. */
export function desiredRequests(requests: readonly RuleRequest[], now: Date): RuleRequest[] {
  return requests.filter((request) => WANTED.includes(request.status) && Date.parse(request.spec.expiresAt) > now.getTime());
}

export type SourceLookup = (request: RuleRequest) => readonly string[] | undefined;

/**
 * Turns desired requests into owned rules. A request whose sources cannot be resolved (its cluster is gone or uses
 * no visible subnet) gets no rule: it is reported as failed instead of writing a rule that allows nothing or too much.
 */
export function ownedRulesFor(desired: readonly RuleRequest[], sourcesOf: SourceLookup): { rules: OwnedRule[]; unresolved: RuleRequest[] } {
  const rules: OwnedRule[] = [];
  const unresolved: RuleRequest[] = [];
  for (const request of desired) {
    const sourceAddresses = sourcesOf(request);
    if (!sourceAddresses || sourceAddresses.length === 0) unresolved.push(request);
    else rules.push({ requestId: request.id, fqdns: request.spec.fqdns, protocols: request.spec.protocols, sourceAddresses, expiresAt: request.spec.expiresAt });
  }
  return { rules, unresolved };
}

/** The slice of a group diff that concerns one request's rule, for its audit record. */
export function diffFor(requestId: string, diff: RuleDiff): RuleDiff {
  const name = ruleNameFor(requestId).toLowerCase();
  const mine = (names: readonly string[]) => names.filter((candidate) => candidate.toLowerCase() === name);
  return { added: mine(diff.added), removed: mine(diff.removed), updated: mine(diff.updated), unchanged: mine(diff.unchanged) };
}

export interface PassFacts {
  readonly requests: readonly RuleRequest[];
  readonly unresolved: readonly RuleRequest[];
  /** Owned rule names present in the group as read back after the write (lower-cased or not). */
  readonly presentRuleNames: readonly string[];
  readonly diff: RuleDiff;
  readonly now: Date;
}

/**
 * What the store (and each request's orchestration) must learn from a verified pass: newly applied rules, applied
 * rules that expired and are gone, and requests that could not be applied. Requests already in their final state
 * produce nothing, so a replayed or repeated pass never notifies twice.
 */
export function outcomesOfPass({ requests, unresolved, presentRuleNames, diff, now }: PassFacts): WriteOutcome[] {
  const present = new Set(presentRuleNames.map((name) => name.toLowerCase()));
  const isPresent = (request: RuleRequest) => present.has(ruleNameFor(request.id).toLowerCase());
  const unresolvedIds = new Set(unresolved.map((request) => request.id));
  const outcomes: WriteOutcome[] = [];
  for (const request of requests) {
    const expired = Date.parse(request.spec.expiresAt) <= now.getTime();
    if (unresolvedIds.has(request.id) && request.status !== 'applied') {
      outcomes.push({ requestId: request.id, kind: 'failed', note: 'its sources could not be resolved to address prefixes (cluster gone or without a VNet subnet)' });
    } else if ((request.status === 'approved' || request.status === 'applying') && !expired && isPresent(request)) {
      outcomes.push({ requestId: request.id, kind: 'applied', diff: diffFor(request.id, diff) });
    } else if (request.status === 'applied' && expired && !isPresent(request)) {
      outcomes.push({ requestId: request.id, kind: 'expired' });
    }
  }
  return outcomes;
}
