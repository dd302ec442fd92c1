import type { IAdaptiveCard, TextColor } from '@microsoft/teams.cards';
import { fitToPayloadBudget, type CardLimits } from './budget';
import { adaptiveCard, fact, heading, paragraph } from './cardFrame';
import { escapeMarkdown, formatUtc, joinWithMore, truncate, usableUrl } from './text';

export type RuleRequestResult = 'approved' | 'rejected' | 'expired' | 'applied' | 'removed';

export interface RuleResultCardModel {
  readonly requestId: string;
  readonly result: RuleRequestResult;
  readonly fqdns: readonly string[];
  /** Who approved or rejected; absent for expiry and the app's own actions. */
  readonly decidedBy?: string;
  readonly reason?: string;
  /** ISO timestamp: when an applied rule will be removed. */
  readonly expiresAt?: string;
  /** The read-only status page for people (anonymous route, sign-in there); never the function-key JSON API. */
  readonly statusPageUrl: string;
}

const RESULTS: Record<RuleRequestResult, { readonly sentence: string; readonly color: TextColor }> = {
  approved: { sentence: 'was approved; the rule is being applied.', color: 'Good' },
  rejected: { sentence: 'was rejected.', color: 'Attention' },
  expired: { sentence: 'expired before anyone approved it.', color: 'Warning' },
  applied: { sentence: 'is now allowed by the firewall.', color: 'Good' },
  removed: { sentence: 'reached its expiry; the rule was removed.', color: 'Default' },
};

/** A short notice to the requester about what happened to their request. */
export function buildRuleResultCard(model: RuleResultCardModel, options: { maxPayloadBytes?: number } = {}): IAdaptiveCard {
  return fitToPayloadBudget((limits) => renderRuleResultCard(model, limits), {
    maxPayloadBytes: options.maxPayloadBytes,
    maxUsefulRows: Math.min(model.fqdns.length, 40),
    lastResort: () => adaptiveCard([heading(`Rule request ${model.result}`)]),
  });
}

function renderRuleResultCard(model: RuleResultCardModel, limits: CardLimits): IAdaptiveCard {
  const outcome = RESULTS[model.result];
  const statusPageUrl = usableUrl(model.statusPageUrl);
  const cut = (text: string) => escapeMarkdown(truncate(text, limits.maxTextChars));
  const facts = [fact('FQDNs', escapeMarkdown(joinWithMore(model.fqdns, limits.maxRows, limits.maxTextChars * 4)))];
  if (model.decidedBy) facts.push(fact('Decided by', cut(model.decidedBy)));
  if (model.reason) facts.push(fact('Reason', cut(model.reason)));
  if (model.expiresAt && model.result !== 'removed') facts.push(fact('Expires', formatUtc(truncate(model.expiresAt, 40))));
  return adaptiveCard(
    [
      heading(`Rule request ${model.result}`),
      paragraph(`Request ${cut(model.requestId)} ${outcome.sentence}`, { color: outcome.color }),
      { type: 'FactSet', facts },
    ],
    statusPageUrl ? [{ type: 'Action.OpenUrl', title: 'Status', url: statusPageUrl }] : [],
  );
}
