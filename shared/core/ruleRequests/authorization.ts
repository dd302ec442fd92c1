import { RuleRequestAccessError } from './accessErrors';
import type { Principal } from './clientPrincipal';

/** The settings that decide who approves (Settings.approverGroupIds, Settings.approverAppRole). */
export interface ApproverPolicy {
  readonly approverGroupIds?: readonly string[] | undefined;
  readonly approverAppRole?: string | undefined;
}

/**
 * Member of an approver group (groups claim, compared case-insensitively) or holder of the approver app role.
 * WARNING: Entra drops the groups claim for users in too many groups (overage); such approvers need the app role.
 */
export function isApprover(principal: Principal, policy: ApproverPolicy): boolean {
  const groups = new Set((policy.approverGroupIds ?? []).map((id) => id.toLowerCase()));
  if (principal.groups.some((group) => groups.has(group.toLowerCase()))) return true;
  return policy.approverAppRole !== undefined && policy.approverAppRole !== '' && principal.roles.includes(policy.approverAppRole);
}

/**
 * Throws 403 unless the principal may approve or reject this request: an approver who is not the requester.
 * Both decisions are refused on one's own request so every decision in the audit trail has a second person.
 */
export function assertMayDecide(principal: Principal, requesterUserId: string, policy: ApproverPolicy): void {
  if (!isApprover(principal, policy)) {
    throw new RuleRequestAccessError('not-an-approver', `${principal.name} is not an approver: needs an approver group or the ${policy.approverAppRole ?? 'approver'} app role`);
  }
  if (principal.userId.toLowerCase() === requesterUserId.toLowerCase()) {
    throw new RuleRequestAccessError('own-request', 'A requester cannot approve or reject their own request');
  }
}

/** assertMayDecide as a yes/no: an approver who is not the requester. */
export function mayDecide(principal: Principal, requesterUserId: string, policy: ApproverPolicy): boolean {
  return isApprover(principal, policy) && principal.userId.toLowerCase() !== requesterUserId.toLowerCase();
}

/**
 * Who may read a request on its status page: its requester, and anyone who may decide requests (an approver, their
 * own requests included). Anyone else signed in to the tenant sees no details of someone else's request there.
 */
export function mayViewRequest(principal: Principal, requesterUserId: string, policy: ApproverPolicy): boolean {
  return principal.userId.toLowerCase() === requesterUserId.toLowerCase() || isApprover(principal, policy);
}
