import type { HttpResponseInit } from '@azure/functions';
import type { RuleRequest, RuleRequestStatus } from '../../shared/core/ruleRequests/ruleRequest';
import { escapeHtml, htmlPage, requestDetails, type PageWording } from './reviewHtml';

/**
 * HTML of the read-only status page (functions/ruleRequests/statusPage.ts). Pure, and built from the review page's
 * parts (reviewHtml.ts): the same escaping, headers (no framing, no caching, no script) and request details. It has
 * no form: reading it changes nothing.
 */

export const STATUS_WORDING: PageWording = {
  signInTitle: 'Sign in to see this rule request',
  signInLead: 'Sign in with your organization account to see the status of this rule request.',
  forbiddenTitle: 'You cannot see this rule request',
};

export interface StatusPageModel {
  readonly request: RuleRequest;
  /** The signed-in viewer's display name. */
  readonly viewer: string;
  /** customStatus.stage of the request's orchestration, when it could be read. */
  readonly stage?: string | undefined;
  /** The review page, only while the request is pending and the viewer may decide it. */
  readonly reviewUrl?: string | undefined;
  /** Why the viewer cannot decide a pending request they see (their own request as an approver, or as the requester). */
  readonly cannotDecide?: string | undefined;
}

const TITLES: Record<RuleRequestStatus, string> = {
  'pending-approval': 'Pending approval',
  approved: 'Approved',
  applying: 'Being applied',
  applied: 'Allowed by the firewall',
  rejected: 'Rejected',
  failed: 'Apply failed',
  expired: 'Expired',
  removed: 'Removed',
};

/** One sentence on where the request stands, with who decided and when (the history below has every step). */
export function statusSentence(request: RuleRequest): string {
  const by = request.approver ? ` by ${request.approver.name}` : '';
  const decided = `${by}${request.decidedAt ? ` at ${request.decidedAt}` : ''}`;
  const ended = request.endedAt ? ` at ${request.endedAt}` : '';
  switch (request.status) {
    case 'pending-approval':
      return 'Waiting for an approver to approve or reject it.';
    case 'approved':
    case 'applying':
      return `Approved${decided}; the firewall rule is being applied.`;
    case 'applied':
      return `The firewall allows it${request.appliedAt ? ` since ${request.appliedAt}` : ''}, until ${request.spec.expiresAt}.`;
    case 'rejected':
      return request.approver ? `Rejected${decided}.` : `Rejected: nobody approved it before the approval timeout${request.decidedAt ? ` (${request.decidedAt})` : ''}.`;
    case 'failed':
      return `Approved${decided}, but the firewall rule could not be applied; the history says why.`;
    case 'expired':
      return `Reached its expiry; the rule was removed from the firewall${ended}.`;
    case 'removed':
      return `The rule was removed from the firewall${ended}.`;
  }
}

export function statusPage(model: StatusPageModel): HttpResponseInit {
  const { request } = model;
  const stage = model.stage && model.stage !== request.status ? `<p id="stage"><small>Orchestration stage: ${escapeHtml(model.stage)}</small></p>` : '';
  const review = model.reviewUrl
    ? `<p id="review"><a href="${escapeHtml(model.reviewUrl)}">Review this request</a> to approve or reject it.</p>`
    : model.cannotDecide
      ? `<p id="cannot-decide">${escapeHtml(model.cannotDecide)}</p>`
      : '';
  return htmlPage(200, 'FQDN allow rule request', `<p>Signed in as ${escapeHtml(model.viewer)}. This page only shows the request; it changes nothing.</p>
<div class="notice" id="current-status"><h2>${escapeHtml(TITLES[request.status])}</h2><p>${escapeHtml(statusSentence(request))}</p></div>
${stage}${review}
${requestDetails(request)}`);
}
