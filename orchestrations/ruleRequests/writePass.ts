import { readRuleSourceFacts, type RuleSourceFacts } from '../../shared/azure/firewallPolicy';
import { classifyArmError } from '../../shared/azure/arm/armError';
import { isOwnedRuleName } from '../../shared/core/ruleRequests/ownedRule';
import { OwnedCollectionConflictError, planRuleCollectionGroup, type RuleDiff } from '../../shared/core/ruleRequests/planRuleCollectionGroup';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import type { RuleRequestEvent } from '../../shared/core/ruleRequests/transitions';
import type { AppServices } from '../../shared/runtime/appServices';
import { ruleRequestAzureDeps } from './ruleRequestAzureDeps';
import { transitionStored } from './storeTransitions';
import type { WriteOutcome, WritePassSummary, WriterInput } from './types';
import { desiredRequests, outcomesOfPass, ownedRulesFor } from './writerDecisions';
import { GuardError } from '../../shared/errors';

/** A failure another attempt may fix (busy policy, etag moved, throttled, 5xx): the activity's RetryOptions retry. */
export class TransientRuleWriteError extends GuardError<'rule-write-transient'> {
  override readonly name = 'TransientRuleWriteError';
  constructor(message: string) {
    super('rule-write-transient', message);
  }
}

const noDiff: RuleDiff = { added: [], removed: [], updated: [], unchanged: [] };

/**
 * One reconcile pass of the owned group, the only place that writes it (called by the single writer only):
 * read every request, PUT the group to exactly the approved unexpired set (read-modify-write on the etag, LRO
 * awaited), read it back to verify, then record applied/expired/failed in the store. Level-based and idempotent:
 * a retried or replayed pass finds its rules by name and writes nothing twice.
 */
export async function runWritePass(input: WriterInput, services: AppServices, now: () => Date = () => new Date()): Promise<WritePassSummary> {
  const rules = ruleRequestAzureDeps(services);
  const store = await rules.store();
  const requests = (await store.list()).map((stored) => stored.request);
  const at = now();
  const desired = desiredRequests(requests, at);
  const facts = desired.some((request) => request.spec.source.kind === 'cluster') ? await readRuleSourceFacts(services.arm, services.settings) : undefined;
  const { rules: owned, unresolved } = ownedRulesFor(desired, (request) => sourcesOf(request, facts));
  const options = { groupName: input.groupName, groupPriority: services.settings.ruleCollectionGroupPriority };

  let diff = noDiff;
  let changed = false;
  try {
    const current = await rules.policies.getRuleCollectionGroup(input.policyId, input.groupName);
    const plan = planRuleCollectionGroup(current, owned, options);
    diff = plan.diff;
    changed = plan.changed;
    if (plan.changed) await rules.policies.putRuleCollectionGroup(input.policyId, input.groupName, plan.body, plan.etag);
  } catch (error) {
    if (error instanceof OwnedCollectionConflictError) return { changed: false, desired: desired.length, diff, outcomes: [], failure: error.message };
    throw asTransient(error);
  }

  // Verify by reading back: planning again against what ARM now holds must find nothing to do.
  const after = await rules.policies.getRuleCollectionGroup(input.policyId, input.groupName).catch((error: unknown) => {
    throw asTransient(error);
  });
  if (planRuleCollectionGroup(after, owned, options).changed) {
    throw new TransientRuleWriteError(`Group ${input.groupName} read back differs from what was written (someone changed it meanwhile)`);
  }
  const presentRuleNames = (after?.properties?.ruleCollections ?? []).flatMap((collection) => (collection.rules ?? []).map((rule) => rule.name ?? '')).filter(isOwnedRuleName);
  const outcomes = outcomesOfPass({ requests, unresolved, presentRuleNames, diff, now: at });
  for (const outcome of outcomes) await record(outcome, requests, store, at);
  return { changed, desired: desired.length, diff, outcomes };
}

function sourcesOf(request: RuleRequest, facts: RuleSourceFacts | undefined): readonly string[] | undefined {
  const { source } = request.spec;
  return source.kind === 'addresses' ? source.addresses : facts?.clusterPrefixes(source.clusterId);
}

async function record(outcome: WriteOutcome, requests: readonly RuleRequest[], store: Awaited<ReturnType<ReturnType<typeof ruleRequestAzureDeps>['store']>>, at: Date): Promise<void> {
  const request = requests.find((candidate) => candidate.id === outcome.requestId);
  const startApply: RuleRequestEvent[] = request?.status === 'approved' ? [{ type: 'start-apply' }] : [];
  const events: RuleRequestEvent[] =
    outcome.kind === 'applied'
      ? [...startApply, { type: 'applied', diff: outcome.diff ?? noDiff }]
      : outcome.kind === 'expired'
        ? [{ type: 'expire' }]
        : [...startApply, { type: 'fail', note: outcome.note ?? 'failed' }];
  await transitionStored(store, outcome.requestId, events, at);
}

function asTransient(error: unknown): unknown {
  const { retryable, statusCode, message } = classifyArmError(error);
  if (retryable && statusCode !== undefined) return new TransientRuleWriteError(`ARM answered ${statusCode}: ${message}`);
  // No status (a Failed LRO, a network reset): the pass is idempotent and its retries are bounded, so retrying is
  // the safe default; refusals that another attempt will not change (400, 403, 404, ...) pass through.
  return statusCode === undefined ? new TransientRuleWriteError(message) : error;
}
