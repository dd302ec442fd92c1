import type { ITable, ITableCell, ITableRow } from '@microsoft/teams.cards';
import type { CardLimits } from './budget';
import { nonBlank } from './cardFrame';
import type { DeniedFqdnRow } from './reportCardModel';
import { escapeMarkdown, formatCount, formatUtc, joinWithMore, markdownLink, truncate, usableUrl } from './text';

/** Most FQDN rows a report shows, even when the payload would allow more: a longer table is not read. */
export const MAX_FQDN_ROWS = 25;

/** Shown instead of a request link for an AKS required FQDN: the fix is the platform's baseline, not a request. */
export const AKS_BASELINE_TEXT = 'AKS baseline (see lifeline)';

/** The "top denied FQDNs" table: one row per FQDN with hits, where it came from, when, and a request link. */
export function deniedFqdnTable(rows: readonly DeniedFqdnRow[], limits: CardLimits): ITable {
  const names = (items: readonly string[]) => escapeMarkdown(joinWithMore(items, 3, limits.maxTextChars));
  return {
    type: 'Table',
    columns: [{ width: 4 }, { width: 1 }, { width: 3 }, { width: 3 }, { width: 2 }],
    rows: [
      headerRow(['FQDN', 'Hits', 'Clusters / subnets', 'First / last seen', 'Allow']),
      ...rows.map((row) => ({
        type: 'TableRow' as const,
        cells: [
          cell(`${row.isNew ? '**NEW** ' : ''}${escapeMarkdown(truncate(row.fqdn, limits.maxTextChars))}`),
          cell(formatCount(row.hits)),
          cell(`${names(row.clusters)}\n\n${names(row.subnets)}`),
          cell(`${formatUtc(truncate(row.firstSeen, 40))}\n\n${formatUtc(truncate(row.lastSeen, 40))}`),
          cell(row.aksRequired ? AKS_BASELINE_TEXT : linkOrDash(row.requestRuleUrl, limits)),
        ],
      })),
    ],
  };
}

function linkOrDash(url: string, limits: CardLimits): string {
  // A URL cut short would be a broken link: leave it out instead.
  const usable = usableUrl(url);
  return usable && usable.length <= Math.max(limits.maxTextChars, 600) ? markdownLink('Request allow rule', usable) : '-';
}

function headerRow(titles: readonly string[]): ITableRow {
  return { type: 'TableRow', cells: titles.map((title) => cell(title, true)) };
}

function cell(text: string, bold = false): ITableCell {
  return { type: 'TableCell', items: [{ type: 'TextBlock', text: nonBlank(text), wrap: true, ...(bold ? { weight: 'Bolder' } : {}) }] };
}
