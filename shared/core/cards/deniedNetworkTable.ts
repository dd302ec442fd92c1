import type { ITable, ITableCell, ITableRow } from '@microsoft/teams.cards';
import type { CardLimits } from './budget';
import { nonBlank } from './cardFrame';
import type { DeniedNetworkRow } from './reportCardModel';
import { escapeMarkdown, formatCount, formatUtc, joinWithMore, truncate } from './text';

/** Most network rows a report shows, even when the payload would allow more. */
export const MAX_NETWORK_ROWS = 15;

/** "Denied network flows": destination with protocol/port, the DNS names resolved just before, hits, and who sent them. */
export function deniedNetworkTable(rows: readonly DeniedNetworkRow[], limits: CardLimits): ITable {
  const list = (items: readonly string[]) => escapeMarkdown(joinWithMore(items, 3, limits.maxTextChars));
  return {
    type: 'Table',
    columns: [{ width: 3 }, { width: 3 }, { width: 1 }, { width: 3 }, { width: 2 }],
    rows: [
      headerRow(['Destination', 'Resolved name', 'Hits', 'Clusters / sources', 'Last seen']),
      ...rows.map((row) => ({
        type: 'TableRow' as const,
        cells: [
          cell(escapeMarkdown(truncate(row.destination, limits.maxTextChars))),
          cell(row.names.length > 0 ? list(row.names) : '(none)'),
          cell(formatCount(row.hits)),
          cell(row.sources.length > 0 ? list(row.sources) : '(unknown)'),
          cell(formatUtc(truncate(row.lastSeen, 40))),
        ],
      })),
    ],
  };
}

function headerRow(titles: readonly string[]): ITableRow {
  return { type: 'TableRow', cells: titles.map((title) => cell(title, true)) };
}

function cell(text: string, bold = false): ITableCell {
  return { type: 'TableCell', items: [{ type: 'TextBlock', text: nonBlank(text), wrap: true, ...(bold ? { weight: 'Bolder' } : {}) }] };
}
