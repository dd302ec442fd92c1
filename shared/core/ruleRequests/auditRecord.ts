import type { RuleDiff } from './planRuleCollectionGroup';
import { protocolText } from './protocols';
import type { Person, RuleRequest, RuleRequestStatus } from './ruleRequest';

/** The flat record kept for audit and shown to reviewers: who asked, who decided, when, why, and what changed. */
export interface RuleRequestAuditRecord {
  readonly requestId: string;
  readonly status: RuleRequestStatus;
  readonly requester: Person;
  readonly approver?: Person;
  readonly requestedAt: string;
  readonly decidedAt?: string;
  readonly appliedAt?: string;
  readonly expiresAt: string;
  readonly endedAt?: string;
  readonly justification: string;
  readonly fqdns: readonly string[];
  readonly protocols: readonly string[];
  readonly source: string;
  readonly diff?: RuleDiff;
}

export function toAuditRecord(request: RuleRequest): RuleRequestAuditRecord {
  const { spec } = request;
  return {
    requestId: request.id,
    status: request.status,
    requester: request.requester,
    ...(request.approver ? { approver: request.approver } : {}),
    requestedAt: request.createdAt,
    ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
    ...(request.appliedAt ? { appliedAt: request.appliedAt } : {}),
    expiresAt: spec.expiresAt,
    ...(request.endedAt ? { endedAt: request.endedAt } : {}),
    justification: spec.justification,
    fqdns: spec.fqdns,
    protocols: spec.protocols.map(protocolText),
    source: spec.source.kind === 'cluster' ? spec.source.clusterId : spec.source.addresses.join(', '),
    ...(request.appliedDiff ? { diff: request.appliedDiff } : {}),
  };
}
