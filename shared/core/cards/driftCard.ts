import type { CardElementArray, IAdaptiveCard, IOpenUrlAction, ITable, TextColor } from '@microsoft/teams.cards';
import { fitToPayloadBudget, type CardLimits } from './budget';
import { adaptiveCard, fact, heading, paragraph, sectionTitle } from './cardFrame';
import { escapeMarkdown, truncate } from './text';

export type FindingSeverity = 'high' | 'medium' | 'low' | 'info' | (string & {});

export interface DriftCardModel {
  readonly subnetId: string;
  readonly subnetName: string;
  readonly vnetName: string;
  readonly mode: 'enforce' | 'audit';
  /** remediated | would-remediate | failed | compliant | skipped; other values are shown as given. */
  readonly outcome: string;
  readonly findings: readonly { readonly code: string; readonly severity: FindingSeverity; readonly message: string }[];
  readonly changes: readonly { readonly what: string; readonly before: string; readonly after: string }[];
  readonly dnsChanged?: boolean;
  readonly failureReason?: string;
  /** Who broke it and when, from the change event's caller. */
  readonly changedBy?: string;
}

const OUTCOMES: Record<string, { readonly phrase: string; readonly color: TextColor }> = {
  remediated: { phrase: 'drift fixed', color: 'Good' },
  'would-remediate': { phrase: 'drift found (audit mode, nothing changed)', color: 'Warning' },
  failed: { phrase: 'fixing drift failed', color: 'Attention' },
  contested: { phrase: 'contested: the guard stopped repairing it', color: 'Attention' },
  compliant: { phrase: 'compliant', color: 'Good' },
  skipped: { phrase: 'skipped', color: 'Default' },
};

// Verified: VNet DNS changes reach existing VMs only on DHCP lease renewal, in practice a node reboot or reimage.
export const DNS_REBOOT_NOTE =
  'DNS servers changed: AKS nodes only pick up new DNS servers after a reboot or reimage (e.g. az aks nodepool upgrade --node-image-only).';

const SEVERITY_COLORS: Record<string, TextColor> = { high: 'Attention', medium: 'Warning' };

/** A compact card telling the channel what was wrong with one subnet and what the guard changed (or would). */
export function buildDriftCard(model: DriftCardModel, options: { maxPayloadBytes?: number } = {}): IAdaptiveCard {
  const longest = Math.max(model.findings.length, model.changes.length);
  return fitToPayloadBudget((limits) => renderDriftCard(model, limits), {
    maxPayloadBytes: options.maxPayloadBytes,
    maxUsefulRows: Math.min(longest, 30),
    lastResort: () => adaptiveCard([heading('Egress guard: subnet drift'), paragraph('Details too large for a Teams message; see the app logs.')]),
  });
}

function renderDriftCard(model: DriftCardModel, limits: CardLimits): IAdaptiveCard {
  const cut = (text: string) => truncate(text, limits.maxTextChars);
  const outcome = OUTCOMES[model.outcome] ?? { phrase: model.outcome, color: 'Default' as const };
  const body: CardElementArray = [
    heading(cut(`Subnet ${model.subnetName} in ${model.vnetName}: ${outcome.phrase}`)),
    paragraph(`Mode: ${model.mode}`, { subtle: true }),
  ];
  if (model.changedBy) body.push(paragraph(escapeMarkdown(cut(`Changed by: ${model.changedBy}`))));
  if (model.failureReason) body.push(paragraph(escapeMarkdown(cut(`Failure: ${model.failureReason}`)), { color: 'Attention' }));
  if (model.findings.length > 0) {
    body.push(sectionTitle('What was wrong'));
    for (const finding of model.findings.slice(0, limits.maxRows)) {
      const line = `- ${escapeMarkdown(cut(finding.message))} (${escapeMarkdown(cut(finding.code))}, ${escapeMarkdown(cut(finding.severity))})`;
      body.push(paragraph(line, { color: SEVERITY_COLORS[finding.severity] }));
    }
    body.push(...andMore(model.findings.length - limits.maxRows, 'finding'));
  }
  if (model.changes.length > 0) {
    body.push(sectionTitle(model.mode === 'enforce' && model.outcome !== 'would-remediate' ? 'What changed' : 'What would change'));
    if (limits.maxRows > 0) body.push(changesTable(model.changes.slice(0, limits.maxRows), cut));
    body.push(...andMore(model.changes.length - limits.maxRows, 'change'));
  }
  if (model.dnsChanged) body.push(paragraph(DNS_REBOOT_NOTE, { color: 'Warning' }));
  body.push({ type: 'FactSet', facts: [fact('Subnet id', cut(model.subnetId))], spacing: 'Medium' });
  return adaptiveCard(body, [portalAction(model.subnetId)].filter((action) => action !== undefined));
}

function changesTable(changes: DriftCardModel['changes'], cut: (text: string) => string): ITable {
  const cell = (text: string, bold = false) => ({
    type: 'TableCell' as const,
    items: [{ type: 'TextBlock' as const, text: text.trim() === '' ? '(none)' : text, wrap: true, ...(bold ? { weight: 'Bolder' as const } : {}) }],
  });
  return {
    type: 'Table',
    columns: [{ width: 2 }, { width: 3 }, { width: 3 }],
    rows: [
      { type: 'TableRow', cells: [cell('What', true), cell('Before', true), cell('After', true)] },
      ...changes.map((change) => ({
        type: 'TableRow' as const,
        cells: [cell(escapeMarkdown(cut(change.what))), cell(escapeMarkdown(cut(change.before))), cell(escapeMarkdown(cut(change.after)))],
      })),
    ],
  };
}

function andMore(count: number, noun: string): CardElementArray {
  return count > 0 ? [paragraph(`and ${count} more ${noun}${count === 1 ? '' : 's'}`, { subtle: true })] : [];
}

/** Links to the subnet in the Azure portal; only for ARM ids, so nothing odd ends up in a URL. */
function portalAction(subnetId: string): IOpenUrlAction | undefined {
  if (!/^\/subscriptions\/[^\s]+$/i.test(subnetId) || subnetId.length > 1000) return undefined;
  return { type: 'Action.OpenUrl', title: 'Open in Azure portal', url: `https://portal.azure.com/#@/resource${encodeURI(subnetId)}` };
}
