import type { CardElementArray, IAdaptiveCard, IColumnSet } from '@microsoft/teams.cards';
import { fitToPayloadBudget, type CardLimits } from './budget';
import { adaptiveCard, fact, heading, paragraph, sectionTitle } from './cardFrame';
import { deniedFqdnTable, MAX_FQDN_ROWS } from './deniedFqdnTable';
import type { ReportCardModel } from './reportCardModel';
import { snatSection } from './snatSection';
import { countOf, escapeMarkdown, formatCount, formatUtc, truncate } from './text';

const MAX_CLUSTER_ROWS = 20;
const MAX_FIREWALL_ROWS = 6;

export const NO_NEW_DENIALS_TEXT = 'No new denied FQDNs in this window.';
export const NO_DENIALS_TEXT = 'No requests were denied in this window.';

/** The periodic egress report: headline figures, top denied FQDNs, per-cluster hits, SNAT per firewall. */
export function buildReportCard(model: ReportCardModel, options: { maxPayloadBytes?: number } = {}): IAdaptiveCard {
  const longest = Math.max(
    Math.min(model.deniedFqdns.length, MAX_FQDN_ROWS),
    Math.min(model.perCluster.length, MAX_CLUSTER_ROWS),
    Math.min(model.snat.length, MAX_FIREWALL_ROWS),
  );
  return fitToPayloadBudget((limits) => renderReportCard(model, limits), {
    maxPayloadBytes: options.maxPayloadBytes,
    maxUsefulRows: longest,
    lastResort: () => adaptiveCard([heading('Egress report'), paragraph(headlineSentence(model))]),
  });
}

function renderReportCard(model: ReportCardModel, limits: CardLimits): IAdaptiveCard {
  const window = `${formatUtc(truncate(model.window.from, 40))} to ${formatUtc(truncate(model.window.to, 40))}`;
  const body: CardElementArray = [heading('Egress report'), paragraph(window, { subtle: true }), headlineFigures(model)];
  if (model.headline.deniedRequests === 0 && model.deniedFqdns.length === 0) body.push(paragraph(NO_DENIALS_TEXT, { color: 'Good' }));
  else if (model.noNewDenials) body.push(paragraph(NO_NEW_DENIALS_TEXT, { color: 'Good' }));

  if (model.deniedFqdns.length > 0) {
    const shown = Math.min(limits.maxRows, MAX_FQDN_ROWS);
    body.push(sectionTitle('Top denied FQDNs'));
    if (shown > 0) body.push(deniedFqdnTable(model.deniedFqdns.slice(0, shown), limits));
    body.push(...andMore(model.deniedFqdns.length - shown, 'FQDN'));
  }
  if (model.perCluster.length > 0) {
    const shown = Math.min(limits.maxRows, MAX_CLUSTER_ROWS);
    body.push(sectionTitle('Denied requests by cluster'));
    if (shown > 0) {
      const facts = model.perCluster
        .slice(0, shown)
        .map((row) => fact(escapeMarkdown(truncate(row.cluster, limits.maxTextChars)), `${countOf(row.deniedHits, 'hit')}, ${countOf(row.distinctFqdns, 'FQDN')}`));
      body.push({ type: 'FactSet', facts });
    }
    body.push(...andMore(model.perCluster.length - shown, 'cluster'));
  }
  if (model.snat.length > 0) {
    const shown = Math.min(limits.maxRows, MAX_FIREWALL_ROWS);
    body.push(sectionTitle('SNAT port utilisation'));
    for (const row of model.snat.slice(0, shown)) body.push(...snatSection(row, limits));
    body.push(...andMore(model.snat.length - shown, 'firewall'));
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
