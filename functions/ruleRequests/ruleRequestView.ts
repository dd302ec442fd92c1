import { toAuditRecord } from '../../shared/core/ruleRequests/auditRecord';
import { protocolText } from '../../shared/core/ruleRequests/protocols';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';

/** A request as the list shows it (also what the sandbox page renders). */
export function summaryOf(request: RuleRequest, statusUrl: string) {
  return {
    id: request.id,
    status: request.status,
    requester: request.requester.name,
    requesterId: request.requester.userId,
    fqdns: request.spec.fqdns,
    protocols: request.spec.protocols.map(protocolText),
    createdAt: request.createdAt,
    expiresAt: request.spec.expiresAt,
    statusUrl,
  };
}

/** A request in full: status, orchestration stage, history, the rule as the firewall holds it, the audit record. */
export function detailOf(request: RuleRequest, extras: { statusUrl: string; stage: string | undefined; rule: unknown }) {
  return {
    ...summaryOf(request, extras.statusUrl),
    stage: extras.stage ?? request.status,
    justification: request.spec.justification,
    source: request.spec.source,
    ...(request.approver ? { approver: request.approver } : {}),
    history: request.history,
    rule: extras.rule ?? null,
    audit: toAuditRecord(request),
  };
}
