import type { CardElementArray, ILineChart, ITextBlock } from '@microsoft/teams.cards';
import type { CardLimits } from './budget';
import { fact, paragraph } from './cardFrame';
import type { SnatAttributionRow, SnatRow } from './reportCardModel';
import { escapeMarkdown, formatCount, formatHour, formatPercent, joinWithMore, truncate } from './text';

/** Points per trend chart: a week of hours is folded into this many buckets (each keeps its maximum). */
export const MAX_CHART_POINTS = 42;

/** Peak/average and trend for one firewall; the chart falls back to text where Chart.Line is not supported. */
export function snatSection(row: SnatRow, limits: CardLimits): CardElementArray {
  const name = escapeMarkdown(truncate(row.firewallName, limits.maxTextChars));
  const summary = `**${name}**: peak ${formatPercent(row.peakPercent)}, average ${formatPercent(row.averagePercent)} of ${formatCount(row.capacityPorts)} SNAT ports`;
  const elements: CardElementArray = [paragraph(summary)];
  const points = foldHourly(row.hourly, MAX_CHART_POINTS);
  if (points.length > 0) elements.push(trendChart(name, points, limits));
  if (row.recommendation) elements.push(paragraph(escapeMarkdown(truncate(row.recommendation, limits.maxTextChars)), { color: 'Warning' }));
  return elements;
}

type HourPoint = SnatRow['hourly'][number];

/** Folds a long hourly series into at most `maxPoints` buckets, keeping each bucket's first hour and maximum. */
export function foldHourly(hourly: readonly HourPoint[], maxPoints: number): HourPoint[] {
  const size = Math.max(1, Math.ceil(hourly.length / maxPoints));
  const folded: HourPoint[] = [];
  for (let start = 0; start < hourly.length; start += size) {
    const bucket = hourly.slice(start, start + size);
    const first = bucket[0];
    if (!first) continue;
    folded.push({ hour: first.hour, maxPercent: Math.max(...bucket.map((point) => (Number.isFinite(point.maxPercent) ? point.maxPercent : 0))) });
  }
  return folded;
}

function trendChart(name: string, points: readonly HourPoint[], limits: CardLimits): ILineChart {
  return {
    type: 'Chart.Line',
    title: `${name}: max SNAT utilisation (%)`,
    xAxisTitle: 'Hour (UTC)',
    yAxisTitle: '%',
    yMin: 0,
    yMax: 100,
    data: [{ legend: 'Max SNAT %', values: points.map((point) => ({ x: formatHour(truncate(point.hour, 40)), y: round(point.maxPercent) })) }],
    fallback: textFallback(points, limits),
  };
}

/** What hosts without Teams charts show (the adaptivecards renderer, Outlook): the busiest hours as text. */
function textFallback(points: readonly HourPoint[], limits: CardLimits): ITextBlock {
  const busiest = [...points].sort((a, b) => b.maxPercent - a.maxPercent).slice(0, 6);
  const list = busiest.map((point) => `${formatHour(truncate(point.hour, 40))} ${formatPercent(point.maxPercent)}`).join(', ');
  return { type: 'TextBlock', text: truncate(`Busiest hours (UTC): ${list}`, Math.max(limits.maxTextChars, 120)), wrap: true, isSubtle: true };
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : 0;
}

/** Who caused the busiest SNAT hour (top flows log) and whether public IPs / a NAT gateway address it. */
export function snatAttributionSection(row: SnatAttributionRow, limits: CardLimits): CardElementArray {
  const list = (items: readonly string[]) => escapeMarkdown(joinWithMore(items, 5, Math.max(limits.maxTextChars, 120)));
  return [
    paragraph(`**Busiest hour ${escapeMarkdown(formatHour(truncate(row.hour, 40)))} UTC**, heaviest flows (top flows log):`),
    { type: 'FactSet', facts: [fact('Sources', list(row.sources)), fact('Destinations', list(row.destinations))] },
    paragraph(escapeMarkdown(truncate(row.advice, Math.max(limits.maxTextChars, 160)))),
  ];
}
