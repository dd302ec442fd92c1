import type { CardElementArray, IAdaptiveCard, TextColor } from '@microsoft/teams.cards';
import type { ClusterPostureChange } from '../posture/postureChanges';
import { fitToPayloadBudget, type CardLimits } from './budget';
import { adaptiveCard, heading, paragraph, sectionTitle } from './cardFrame';
import { escapeMarkdown, truncate } from './text';

const SEVERITY_COLORS: Record<string, TextColor> = { error: 'Attention', warning: 'Warning' };
const STATUS_PHRASES: Record<string, string> = { pass: 'meets the design', advice: 'meets the design, with advice', fail: 'breaks the design' };

/**
 * One card for one posture pass: per cluster whose posture changed, the findings that appeared and the ones that
 * cleared (a recovery line each). Clusters whose posture did not change are not on it.
 */
export function buildPostureCard(changes: readonly ClusterPostureChange[], options: { maxPayloadBytes?: number } = {}): IAdaptiveCard {
  const rows = changes.reduce((sum, change) => sum + change.appeared.length + change.recovered.length, 0);
  return fitToPayloadBudget((limits) => renderPostureCard(changes, limits), {
    maxPayloadBytes: options.maxPayloadBytes,
    maxUsefulRows: Math.min(rows, 30),
    lastResort: () => adaptiveCard([heading('Egress guard: cluster egress posture changed'), paragraph('Details too large for a Teams message; see GET /api/posture.')]),
  });
}

function renderPostureCard(changes: readonly ClusterPostureChange[], limits: CardLimits): IAdaptiveCard {
  const cut = (text: string) => escapeMarkdown(truncate(text, limits.maxTextChars));
  const body: CardElementArray = [heading('Egress guard: cluster egress posture changed')];
  let budget = limits.maxRows;
  for (const change of changes) {
    body.push(sectionTitle(cut(`Cluster ${change.clusterName}: ${STATUS_PHRASES[change.status] ?? change.status}`)));
    for (const finding of change.appeared) {
      if (budget-- <= 0) break;
      body.push(paragraph(`- New: ${cut(finding.message)} (${cut(finding.code)}, ${cut(finding.severity)})`, { color: SEVERITY_COLORS[finding.severity] }));
      if (finding.fix) body.push(paragraph(`Fix: ${cut(finding.fix)}`, { subtle: true }));
    }
    for (const finding of change.recovered) {
      if (budget-- <= 0) break;
      body.push(paragraph(`- Recovered: ${cut(finding.message)} (${cut(finding.code)})`, { color: 'Good' }));
    }
  }
  if (budget < 0) body.push(paragraph('More changes than fit: see GET /api/posture.', { subtle: true }));
  return adaptiveCard(body);
}
