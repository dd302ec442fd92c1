import type { CardElementArray } from '@microsoft/teams.cards';
import type { CardLimits } from './budget';
import { fact, paragraph, sectionTitle } from './cardFrame';
import type { LifelineRow } from './reportCardModel';
import { countOf, escapeMarkdown, truncate } from './text';

export const LIFELINE_TITLE = 'AKS lifeline: egress the clusters themselves need is denied';
export const MAX_LIFELINE_CLUSTERS = 10;
export const MAX_LIFELINE_DENIALS = 10;
/** Shown even when the payload budget cuts every other list to nothing: this is the section that must be seen. */
const MIN_LIFELINE_ROWS = 3;

/**
 * The first section of the report: per cluster, each denied AKS requirement with what will fail and the baseline
 * fix. No "Request allow rule" link here, ever: these belong in the platform's baseline, not in a request.
 */
export function lifelineSection(rows: readonly LifelineRow[], limits: CardLimits): CardElementArray {
  const rowsShown = Math.min(MAX_LIFELINE_CLUSTERS, Math.max(limits.maxRows, MIN_LIFELINE_ROWS));
  const denialsShown = Math.min(MAX_LIFELINE_DENIALS, Math.max(limits.maxRows, MIN_LIFELINE_ROWS));
  const text = (value: string) => escapeMarkdown(truncate(value, limits.maxTextChars));
  const elements: CardElementArray = [
    { ...sectionTitle(LIFELINE_TITLE), color: 'Attention' },
    paragraph('Upgrades, scale-out and node bootstrap fail while these stay denied (Azure/AKS#5419). Fix them in the firewall baseline.', { subtle: true }),
  ];
  for (const row of rows.slice(0, rowsShown)) {
    const hits = row.denials.reduce((sum, denial) => sum + (Number.isFinite(denial.hits) ? denial.hits : 0), 0);
    elements.push(paragraph(`**${text(row.cluster)}** (${text(row.region)}): ${countOf(row.denials.length, 'denied requirement')}, ${countOf(hits, 'hit')}`, { color: 'Attention' }));
    const denials = row.denials.slice(0, denialsShown);
    if (denials.length > 0) {
      elements.push({
        type: 'FactSet',
        facts: denials.map((denial) => fact(text(denial.what), `${countOf(denial.hits, 'hit')}. Breaks: ${text(denial.breaks)}. Fix: ${text(denial.fix)}`)),
      });
    }
    if (row.denials.length > denials.length) elements.push(paragraph(`and ${row.denials.length - denials.length} more`, { subtle: true }));
  }
  if (rows.length > rowsShown) elements.push(paragraph(`and ${rows.length - rowsShown} more cluster${rows.length - rowsShown === 1 ? '' : 's'}`, { subtle: true }));
  return elements;
}
