import type { IAdaptiveCard, IOpenUrlAction } from '@microsoft/teams.cards';
import { fitToPayloadBudget, type CardLimits } from './budget';
import { adaptiveCard, fact, heading, paragraph, sectionTitle } from './cardFrame';
import { escapeMarkdown, formatUtc, joinWithMore, truncate, usableUrl } from './text';

export interface RuleRequestCardModel {
  readonly requestId: string;
  readonly requester: string;
  readonly fqdns: readonly string[];
  readonly protocols: readonly string[];
  readonly sources: readonly string[];
  readonly justification: string;
  /** ISO timestamp when the rule would be removed. */
  readonly expiresAt?: string;
  readonly approveUrl: string;
  readonly rejectUrl: string;
  /** The read-only status page for people (anonymous route, sign-in there); never the function-key JSON API. */
  readonly statusPageUrl: string;
}

const MAX_LISTED = 40;

/** Asks approvers to allow FQDNs; the buttons open the app's approve/reject pages (sign-in happens there). */
export function buildRuleRequestCard(model: RuleRequestCardModel, options: { maxPayloadBytes?: number } = {}): IAdaptiveCard {
  const longest = Math.min(MAX_LISTED, Math.max(model.fqdns.length, model.sources.length, model.protocols.length));
  return fitToPayloadBudget((limits) => renderRuleRequestCard(model, limits), {
    maxPayloadBytes: options.maxPayloadBytes,
    maxUsefulRows: longest,
    lastResort: () => adaptiveCard([heading('FQDN allow rule request'), paragraph('Too large to show here.')], statusOnly(model)),
  });
}

function renderRuleRequestCard(model: RuleRequestCardModel, limits: CardLimits): IAdaptiveCard {
  const cut = (text: string) => escapeMarkdown(truncate(text, limits.maxTextChars));
  const list = (items: readonly string[]) => escapeMarkdown(joinWithMore(items, limits.maxRows, limits.maxTextChars * 4));
  const facts = [
    fact('Request', cut(model.requestId)),
    fact('Requested by', cut(model.requester)),
    fact('Protocols', list(model.protocols)),
    fact('Sources', list(model.sources)),
    fact('Expires', model.expiresAt ? formatUtc(truncate(model.expiresAt, 40)) : 'never'),
  ];
  return adaptiveCard(
    [
      heading('FQDN allow rule request'),
      paragraph(`${cut(model.requester)} asks to allow egress to ${model.fqdns.length} FQDN${model.fqdns.length === 1 ? '' : 's'}.`),
      { type: 'FactSet', facts },
      sectionTitle('FQDNs'),
      paragraph(list(model.fqdns), { monospace: true }),
      sectionTitle('Justification'),
      paragraph(escapeMarkdown(truncate(model.justification, limits.maxTextChars * 2)) || '(none given)'),
    ],
    [
      ...openUrl('Approve', model.approveUrl, 'positive'),
      ...openUrl('Reject', model.rejectUrl, 'destructive'),
      ...statusOnly(model),
    ],
  );
}

function statusOnly(model: RuleRequestCardModel): IOpenUrlAction[] {
  return openUrl('Status', model.statusPageUrl);
}

function openUrl(title: string, url: string, style?: IOpenUrlAction['style']): IOpenUrlAction[] {
  const usable = usableUrl(url);
  return usable ? [{ type: 'Action.OpenUrl', title, url: usable, ...(style ? { style } : {}) }] : [];
}
