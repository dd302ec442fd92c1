import type { CardElementArray, IAdaptiveCard, IColumnSet } from '@microsoft/teams.cards';
import { fitToPayloadBudget, type CardLimits } from './budget';
import { adaptiveCard, fact, heading, paragraph, sectionTitle } from './cardFrame';
import { deniedFqdnTable, MAX_FQDN_ROWS } from './deniedFqdnTable';
import { deniedNetworkTable, MAX_NETWORK_ROWS } from './deniedNetworkTable';
import { lifelineSection, MAX_LIFELINE_CLUSTERS, MAX_LIFELINE_DENIALS } from './lifelineSection';
import type { ReportCardModel } from './reportCardModel';
import { snatAttributionSection, snatSection } from './snatSection';
import { countOf, escapeMarkdown, formatCount, formatUtc, truncate } from './text';

const MAX_CLUSTER_ROWS = 20;
const MAX_FIREWALL_ROWS = 6;
const MAX_WARNINGS = 6;

export const NO_NEW_DENIALS_TEXT = 'No new denied FQDNs in this window.';
export const NO_DENIALS_TEXT = 'No requests were denied in this window.';
export const NO_FIREWALL_LOGS_TEXT =
  'No Azure Firewall logs in this workspace (no AZFWApplicationRule, AZFWNetworkRule or firewall AzureDiagnostics data): nothing can be said about denied traffic. Send the firewall\'s logs to this workspace (docs/egress-report.md).';

/**
 * The periodic egress report: the AKS lifeline first (denials of what the clusters themselves need), then warnings
 * about missing logs, headline figures, top denied FQDNs, denied network flows, per-cluster hits, SNAT per firewall
 * and who caused its busiest hour.
 */
export function buildReportCard(model: ReportCardModel, options: { maxPayloadBytes?: number } = {}): IAdaptiveCard {
  const longest = Math.max(
    Math.min(model.deniedFqdns.length, MAX_FQDN_ROWS),
    Math.min(model.deniedNetworkFlows.length, MAX_NETWORK_ROWS),
    Math.min(model.perCluster.length, MAX_CLUSTER_ROWS),
    Math.min(model.snat.length, MAX_FIREWALL_ROWS),
    Math.min(model.lifeline.length, MAX_LIFELINE_CLUSTERS),
    Math.min(Math.max(0, ...model.lifeline.map((row) => row.denials.length)), MAX_LIFELINE_DENIALS),
  );
  return fitToPayloadBudget((limits) => renderReportCard(model, limits), {
    maxPayloadBytes: options.maxPayloadBytes,
    maxUsefulRows: longest,
    lastResort: () => adaptiveCard([heading('Egress report'), paragraph(headlineSentence(model))]),
  });
}

function renderReportCard(model: ReportCardModel, limits: CardLimits): IAdaptiveCard {
  const window = `${formatUtc(truncate(model.window.from, 40))} to ${formatUtc(truncate(model.window.to, 40))}`;
  const body: CardElementArray = [heading('Egress report')];
  // Before anything else: a denied AKS requirement ends in a failed upgrade or scale-out.
  if (model.lifeline.length > 0) body.push(...lifelineSection(model.lifeline, limits));
  body.push(paragraph(window, { subtle: true }));
  const warnings = model.warnings.slice(0, MAX_WARNINGS);
  for (const warning of warnings) body.push(paragraph(`Warning: ${escapeMarkdown(truncate(warning, Math.max(limits.maxTextChars, 160)))}`, { color: 'Warning' }));
  body.push(...andMore(model.warnings.length - warnings.length, 'warning'));
  if (!model.firewallLogsFound) body.push(paragraph(NO_FIREWALL_LOGS_TEXT, { color: 'Attention' }));
  else {
    body.push(headlineFigures(model));
    if (model.headline.deniedRequests === 0 && model.deniedFqdns.length === 0) body.push(paragraph(NO_DENIALS_TEXT, { color: 'Good' }));
    else if (model.noNewDenials) body.push(paragraph(NO_NEW_DENIALS_TEXT, { color: 'Good' }));
  }

  if (model.deniedFqdns.length > 0) {
    const shown = Math.min(limits.maxRows, MAX_FQDN_ROWS);
    body.push(sectionTitle('Top denied FQDNs'));
    if (shown > 0) body.push(deniedFqdnTable(model.deniedFqdns.slice(0, shown), limits));
    body.push(...andMore(model.deniedFqdns.length - shown, 'FQDN'));
  }
  if (model.deniedNetworkFlows.length > 0) {
    const shown = Math.min(limits.maxRows, MAX_NETWORK_ROWS);
    body.push(sectionTitle('Denied network flows'));
    if (shown > 0) body.push(deniedNetworkTable(model.deniedNetworkFlows.slice(0, shown), limits));
    body.push(...andMore(model.deniedNetworkFlows.length - shown, 'destination'));
  }
  if (model.perCluster.length > 0 || model.unattributed) {
    const shown = Math.min(limits.maxRows, MAX_CLUSTER_ROWS);
    const rows = [
      ...model.perCluster.slice(0, shown).map((row) => ({ name: row.cluster, value: `${countOf(row.deniedHits, 'hit')}, ${countOf(row.distinctFqdns, 'FQDN')}` })),
      // Always shown, however many clusters are cut: unknown sources are the ones nobody else will notice.
      ...(model.unattributed ? [{ name: model.unattributed.label, value: countOf(model.unattributed.hits, 'hit') }] : []),
    ];
    body.push(sectionTitle('Denied requests by cluster'));
    if (rows.length > 0) body.push({ type: 'FactSet', facts: rows.map((row) => fact(escapeMarkdown(truncate(row.name, limits.maxTextChars)), row.value)) });
    body.push(...andMore(model.perCluster.length - Math.min(shown, model.perCluster.length), 'cluster'));
  }
  if (model.snat.length > 0) {
    const shown = Math.min(limits.maxRows, MAX_FIREWALL_ROWS);
    body.push(sectionTitle('SNAT port utilisation'));
    for (const row of model.snat.slice(0, shown)) body.push(...snatSection(row, limits));
    body.push(...andMore(model.snat.length - shown, 'firewall'));
    if (model.snatAttribution) body.push(...snatAttributionSection(model.snatAttribution, limits));
  }
  return adaptiveCard(body);
}

function headlineFigures(model: ReportCardModel): IColumnSet {
  const figures: readonly [string, number][] = [
    ['Denied requests', model.headline.deniedRequests],
    ['Distinct FQDNs', model.headline.distinctFqdns],
    ['New FQDNs', model.headline.newFqdns],
    ['Clusters affected', model.headline.clustersAffected],
  ];
  return {
    type: 'ColumnSet',
    columns: figures.map(([label, value]) => ({
      type: 'Column' as const,
      width: 'stretch',
      items: [
        { type: 'TextBlock' as const, text: formatCount(value), size: 'ExtraLarge' as const, weight: 'Bolder' as const, wrap: true },
        { type: 'TextBlock' as const, text: label, isSubtle: true, wrap: true, spacing: 'None' as const },
      ],
    })),
  };
}

function headlineSentence(model: ReportCardModel): string {
  const h = model.headline;
  return `${formatCount(h.deniedRequests)} denied requests, ${formatCount(h.distinctFqdns)} distinct FQDNs (${formatCount(h.newFqdns)} new), ${formatCount(h.clustersAffected)} clusters affected.`;
}

function andMore(count: number, noun: string): CardElementArray {
  return count > 0 ? [paragraph(`and ${count} more ${noun}${count === 1 ? '' : 's'}`, { subtle: true })] : [];
}
