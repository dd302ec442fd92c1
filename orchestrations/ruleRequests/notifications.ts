import { buildRuleRequestCard } from '../../shared/core/cards/ruleRequestCard';
import { buildRuleResultCard } from '../../shared/core/cards/ruleResultCard';
import { publicBaseUrlOf } from '../../shared/config/settings';
import { protocolText } from '../../shared/core/ruleRequests/protocols';
import type { RuleRequest } from '../../shared/core/ruleRequests/ruleRequest';
import type { AppServices } from '../../shared/runtime/appServices';
import type { RequesterNotice } from './types';

/**
 * Links in cards and responses. Approve/Reject open the review page (functions/ruleRequests/reviewPage.ts, anonymous at the
 * Functions level: App Service Authentication signs the approver in there), at its approve or reject form; the
 * POST-only, function-key decide routes cannot be opened from a card. The cards' Status button opens the read-only
 * status page (statusPage.ts, anonymous the same way); `statusUrl` is the function-key JSON API, for API clients only
 * (the create answer's Location): a card never links it, as no key may sit in a card.
 */
export function ruleRequestUrls(services: Pick<AppServices, 'settings'>, requestId: string) {
  const base = `${publicBaseUrlOf(services.settings).replace(/\/+$/, '')}/api/rule-requests/${encodeURIComponent(requestId)}`;
  const reviewUrl = `${base}/review`;
  return { statusUrl: base, statusPageUrl: `${base}/status-page`, reviewUrl, approveUrl: `${reviewUrl}#approve`, rejectUrl: `${reviewUrl}#reject` };
}

const sourcesOf = (request: RuleRequest) => (request.spec.source.kind === 'cluster' ? [request.spec.source.clusterId] : request.spec.source.addresses);

/** Posts the approval card (who, what, why, sources, approve/reject links). The poster never throws. */
export async function notifyApprovers(services: AppServices, request: RuleRequest): Promise<{ delivered: boolean; reason: string | null }> {
  const { approveUrl, rejectUrl, statusPageUrl } = ruleRequestUrls(services, request.id);
  const card = buildRuleRequestCard({
    requestId: request.id,
    requester: request.requester.name,
    fqdns: request.spec.fqdns,
    protocols: request.spec.protocols.map(protocolText),
    sources: sourcesOf(request),
    justification: request.spec.justification,
    expiresAt: request.spec.expiresAt,
    approveUrl,
    rejectUrl,
    statusPageUrl,
  });
  const result = await services.teams.post(card, { summary: `rule request ${request.id} from ${request.requester.name}` });
  return { delivered: result.delivered, reason: result.reason ?? null };
}

/** Tells the requester (on the same channel) what happened: rejected, expired, applied, removed. */
export async function notifyRequester(services: AppServices, request: RuleRequest, notice: RequesterNotice): Promise<{ delivered: boolean; reason: string | null }> {
  const decision = [...request.history].reverse().find((entry) => entry.stage === 'rejected');
  const card = buildRuleResultCard({
    requestId: request.id,
    result: notice,
    fqdns: request.spec.fqdns,
    ...(request.approver && (notice === 'rejected' || notice === 'approved') ? { decidedBy: request.approver.name } : {}),
    ...(notice === 'rejected' && decision ? { reason: decision.note } : {}),
    ...(notice === 'applied' ? { expiresAt: request.spec.expiresAt } : {}),
    statusPageUrl: ruleRequestUrls(services, request.id).statusPageUrl,
  });
  const result = await services.teams.post(card, { summary: `rule request ${request.id} ${notice}` });
  return { delivered: result.delivered, reason: result.reason ?? null };
}
