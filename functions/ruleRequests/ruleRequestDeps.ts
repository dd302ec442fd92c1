import type { InvocationContext } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import type { Settings } from '../../shared/config/settings';
import type { RuleSourceFacts } from '../../shared/azure/firewallPolicy';
import type { RuleRequestStore } from '../../shared/azure/tables/ruleRequestStore';
import type { ArmRuleCollectionGroup } from '../../shared/core/firewallPolicy/firewallPolicyModel';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import type { ProgressRepair } from '../../orchestrations/ruleRequests/ensureProgress';

/** The store operations the rule request handlers use (an in-memory fake in unit tests). */
export type RuleRequestStoreOps = Pick<RuleRequestStore, 'get' | 'list' | 'create' | 'update'>;

/**
 * What the rule request HTTP handlers need, as one bundle: functions/ruleRequests/index.ts builds it lazily from the app's
 * services (a call reaches ARM, Tables or Durable only when made), unit tests from fakes.
 */
export interface RuleRequestDeps {
  readonly settings: Settings;
  /** The request store (its table created on first use). */
  store(): Promise<RuleRequestStoreOps>;
  /** Address spaces of the guarded spokes and the subnets of their AKS clusters, read from ARM. */
  readRuleSourceFacts(): Promise<RuleSourceFacts>;
  /** Every rule collection group of the policy receiving approved rules ("already allowed" check). */
  listRuleCollectionGroups(): Promise<ArmRuleCollectionGroup[]>;
  /** The guard's own rule collection group (RULE_COLLECTION_GROUP_NAME), undefined when it does not exist yet. */
  getOwnedRuleCollectionGroup(): Promise<ArmRuleCollectionGroup | undefined>;
  /** The Durable client bound to this invocation (the function registers `df.input.durableClient()`). */
  durableClient(context: InvocationContext): DurableClient;
  /** ensureRequestProgress (orchestrations/ruleRequests/ensureProgress.ts) on this invocation's client, APPROVAL_TIMEOUT applied. */
  ensureRequestProgress(context: InvocationContext, request: RuleRequest, options: { readonly raiseDecision: boolean }): Promise<ProgressRepair>;
}
