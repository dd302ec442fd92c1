import { createHash } from 'node:crypto';

/** Durable function and event names of rule requests, shared by triggers, orchestrations and tests. */
export const ruleNames = {
  requestOrchestrator: 'ruleRequestOrchestrator',
  writerOrchestrator: 'ruleCollectionGroupWriter',
  notifyApproversActivity: 'notifyRuleApproversActivity',
  notifyRequesterActivity: 'notifyRuleRequesterActivity',
  expireApprovalActivity: 'expireRuleApprovalActivity',
  readStatusActivity: 'readRuleRequestStatusActivity',
  signalWriterActivity: 'signalRuleWriterActivity',
  writePassActivity: 'writeRuleCollectionGroupActivity',
  reportOutcomesActivity: 'reportRuleWriteOutcomesActivity',
  /** Raised on a request's instance by approve/reject (payload: DecisionEvent). */
  decisionEvent: 'decision',
  /** Raised on a request's instance by the writer when its rule was applied, removed or failed (payload: WrittenEvent). */
  writtenEvent: 'ruleWritten',
  /** Raised on the writer by requests: coalesced into one more reconcile pass. */
  rerunEvent: 'rerun',
} as const;

/** One orchestration per request; request ids are letters, digits and hyphens, so the id needs no hashing. */
export const requestInstanceId = (requestId: string): string => `rule-request-${requestId}`;

/**
 * The single writer of one rule collection group: one instance id per policy + group (case-insensitive, as ARM
 * names are), so every request touching that group funnels into the same serialized orchestration.
 */
export function writerInstanceId(policyId: string, groupName: string): string {
  const hash = createHash('sha256').update(`${policyId.toLowerCase()}/${groupName.toLowerCase()}`).digest('hex').slice(0, 16);
  const policyName = (policyId.split('/').pop() ?? 'policy').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40);
  return `rcg-writer-${policyName}-${hash}`;
}
