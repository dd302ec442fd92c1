/**
 * Offline Adaptive Card validation for tests: the adaptivecards library's own parser and validator (version 1.5),
 * plus the checks it misses (required properties, unknown top-level properties), plus Teams chart checks.
 *
 * Teams chart elements (Chart.*) are unknown to the adaptivecards library. We check their required `data` here, then
 * REPLACE each chart by its `fallback` before the library parses the card, exactly as a host without charts would do,
 * so the fallback is validated too. Our house rule: a chart must have a fallback (else non-Teams hosts show nothing).
 */
import type * as AdaptiveCardsModule from 'adaptivecards';

// The package main is ESM without file extensions and fails on Node; the UMD bundle works (verified-facts.md).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AdaptiveCards = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;

type Json = Record<string, unknown>;

const TOP_LEVEL_PROPERTIES = new Set([
  'type', '$schema', 'version', 'body', 'actions', 'msteams', 'fallbackText', 'speak', 'lang', 'minHeight', 'rtl',
  'selectAction', 'style', 'backgroundImage', 'verticalContentAlignment', 'refresh', 'authentication', 'metadata', 'id',
]);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

/** Every problem found in `card`, each naming where it is; empty when the card is valid. */
export function validateAdaptiveCard(card: unknown, version: '1.5' = '1.5'): string[] {
  if (!isObject(card)) return ['card: not a JSON object'];
  const errors = [...checkTopLevel(card, version)];
  walk(card, '$', errors);
  errors.push(...parseWithLibrary(withoutCharts(card) as Json));
  return errors;
}

/** Throws with every problem listed, for `expect`-style use in tests. */
export function assertValidAdaptiveCard(card: unknown): void {
  const errors = validateAdaptiveCard(card);
  if (errors.length > 0) throw new Error(`Invalid Adaptive Card:\n  ${errors.join('\n  ')}`);
}

function checkTopLevel(card: Json, version: string): string[] {
  const errors: string[] = [];
  if (card.type !== 'AdaptiveCard') errors.push(`$.type: expected "AdaptiveCard", got ${JSON.stringify(card.type)}`);
  if (card.version !== version) errors.push(`$.version: expected "${version}", got ${JSON.stringify(card.version)}`);
  if (!nonEmptyString(card.$schema)) errors.push('$.$schema: missing');
  if (!Array.isArray(card.body)) errors.push('$.body: missing or not an array');
  for (const key of Object.keys(card)) if (!TOP_LEVEL_PROPERTIES.has(key)) errors.push(`$.${key}: unknown top-level property`);
  return errors;
}

/** Required properties per type, which the library does not enforce. */
const REQUIRED: Record<string, (node: Json, path: string) => string[]> = {
  TextBlock: (node, path) => (nonEmptyString(node.text) ? [] : [`${path}: TextBlock.text is required`]),
  Image: (node, path) => (nonEmptyString(node.url) ? [] : [`${path}: Image.url is required`]),
  'Action.OpenUrl': (node, path) => (isHttpUrl(node.url) ? [] : [`${path}: Action.OpenUrl.url must be an http(s) URL`]),
  FactSet: (node, path) => {
    if (!Array.isArray(node.facts) || node.facts.length === 0) return [`${path}: FactSet.facts must be a non-empty array`];
    return node.facts.flatMap((fact, index) =>
      isObject(fact) && nonEmptyString(fact.title) && nonEmptyString(fact.value) ? [] : [`${path}.facts[${index}]: title and value are required`],
    );
  },
  Table: (node, path) => {
    if (!Array.isArray(node.columns) || node.columns.length === 0) return [`${path}: Table.columns must be a non-empty array`];
    if (!Array.isArray(node.rows)) return [`${path}: Table.rows must be an array`];
    const columns = node.columns.length;
    return node.rows.flatMap((row, index) =>
      isObject(row) && Array.isArray(row.cells) && row.cells.length <= columns ? [] : [`${path}.rows[${index}]: cells missing or more than ${columns} columns`],
    );
  },
  TableCell: (node, path) => (Array.isArray(node.items) ? [] : [`${path}: TableCell.items is required`]),
  Container: (node, path) => (Array.isArray(node.items) ? [] : [`${path}: Container.items is required`]),
  ColumnSet: (node, path) => (node.columns === undefined || Array.isArray(node.columns) ? [] : [`${path}: ColumnSet.columns must be an array`]),
  ActionSet: (node, path) => (Array.isArray(node.actions) ? [] : [`${path}: ActionSet.actions is required`]),
  'Chart.Line': (node, path) => {
    const problems = node.fallback === undefined ? [`${path}: Chart.Line needs a fallback for hosts without Teams charts`] : [];
    if (!Array.isArray(node.data) || node.data.length === 0) return [...problems, `${path}: Chart.Line.data must be a non-empty array`];
    node.data.forEach((series, index) => {
      const values = isObject(series) ? series.values : undefined;
      const ok = Array.isArray(values) && values.every((point) => isObject(point) && (typeof point.x === 'string' || typeof point.x === 'number') && typeof point.y === 'number' && Number.isFinite(point.y));
      if (!ok) problems.push(`${path}.data[${index}]: values must be [{ x: string|number, y: finite number }]`);
    });
    return problems;
  },
};

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function walk(node: unknown, path: string, errors: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, index) => walk(child, `${path}[${index}]`, errors));
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.type === 'string') {
    const check = REQUIRED[node.type];
    if (check) errors.push(...check(node, `${path}(${node.type})`));
    else if (node.type.startsWith('Chart.') && node.fallback === undefined) errors.push(`${path}: ${node.type} needs a fallback`);
  }
  for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`, errors);
}

/** A deep copy with every Teams chart replaced by its fallback (dropped when it has none or says "drop"). */
export function withoutCharts(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutCharts).filter((child) => child !== DROPPED);
  }
  if (!isObject(node)) return node;
  if (typeof node.type === 'string' && node.type.startsWith('Chart.')) {
    return isObject(node.fallback) ? withoutCharts(node.fallback) : DROPPED;
  }
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, withoutCharts(child)]));
}
const DROPPED = Symbol('dropped');

function parseWithLibrary(card: Json): string[] {
  const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_5);
  const parsed = new AdaptiveCards.AdaptiveCard();
  try {
    parsed.parse(card, context);
  } catch (error) {
    return [`adaptivecards parse threw: ${(error as Error).message}`];
  }
  const events = [];
  for (let index = 0; index < context.eventCount; index++) events.push(context.getEventAt(index));
  events.push(...parsed.validateProperties().validationEvents);
  return events
    .filter((event) => event.event !== AdaptiveCards.ValidationEvent.Hint)
    .map((event) => `adaptivecards: ${AdaptiveCards.ValidationEvent[event.event]}: ${event.message}`);
}
