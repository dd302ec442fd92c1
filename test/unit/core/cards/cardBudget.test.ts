import fc from 'fast-check';
import {
  buildDriftCard,
  buildReportCard,
  buildRuleRequestCard,
  buildRuleResultCard,
  payloadSizeInBytes,
  TEAMS_MAX_PAYLOAD_BYTES,
  type DriftCardModel,
  type ReportCardModel,
  type RuleRequestCardModel,
} from '../../../../shared/core/cards';
import { fitToPayloadBudget } from '../../../../shared/core/cards/budget';
import { adaptiveCard, paragraph } from '../../../../shared/core/cards/cardFrame';
import { validateAdaptiveCard } from '../../../support/adaptiveCards';

// Strings from empty to absurd, with multi-byte characters so byte and character counts differ.
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.integer({ min: 1000, max: 40_000 }).map((length) => 'ä€'.repeat(length / 2)),
);
const list = <T>(item: fc.Arbitrary<T>) => fc.oneof(fc.array(item, { maxLength: 5 }), fc.array(item, { minLength: 50, maxLength: 600 }));
const isoTime = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());
const url = fc.oneof(fc.webUrl(), anyText);
const percent = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(Number.NaN));
const count = fc.nat({ max: 10_000_000 });

const reportModel: fc.Arbitrary<ReportCardModel> = fc.record({
  window: fc.record({ from: isoTime, to: isoTime }),
  headline: fc.record({ deniedRequests: count, distinctFqdns: count, newFqdns: count, clustersAffected: count }),
  deniedFqdns: list(
    fc.record({
      fqdn: anyText, hits: count, clusters: list(anyText), subnets: list(anyText), firstSeen: fc.oneof(isoTime, anyText),
      lastSeen: isoTime, isNew: fc.boolean(), protocols: list(anyText), requestRuleUrl: url, aksRequired: fc.boolean(),
    }),
  ),
  perCluster: list(fc.record({ cluster: anyText, deniedHits: count, distinctFqdns: count })),
  snat: list(
    fc.record({
      firewallName: anyText, peakPercent: percent, averagePercent: percent, capacityPorts: count,
      hourly: fc.array(fc.record({ hour: isoTime, maxPercent: percent }), { maxLength: 720 }),
      recommendation: fc.option(anyText, { nil: undefined }),
    }),
  ),
  noNewDenials: fc.boolean(),
  firewallLogsFound: fc.boolean(),
  warnings: list(anyText),
  lifeline: list(fc.record({ cluster: anyText, region: anyText, denials: list(fc.record({ what: anyText, hits: count, breaks: anyText, fix: anyText })) })),
  deniedNetworkFlows: list(fc.record({ destination: anyText, names: list(anyText), hits: count, sources: list(anyText), lastSeen: fc.oneof(isoTime, anyText) })),
  unattributed: fc.option(fc.record({ label: anyText, hits: count }), { nil: undefined }),
  snatAttribution: fc.option(fc.record({ hour: fc.oneof(isoTime, anyText), sources: list(anyText), destinations: list(anyText), advice: anyText }), { nil: undefined }),
});

/** Every section present and every list long: the worst case the 28 KB bound must hold for. */
const fullReportModel: fc.Arbitrary<ReportCardModel> = reportModel.chain((model) =>
  fc.record({
    deniedFqdns: fc.array(fc.constant(model.deniedFqdns[0] ?? { fqdn: 'x'.repeat(300), hits: 1, clusters: ['c'], subnets: ['s'], firstSeen: 'a', lastSeen: 'b', isNew: true, protocols: [], requestRuleUrl: 'https://example.com/x', aksRequired: false }), { minLength: 60, maxLength: 120 }),
    lifelineDenials: fc.array(fc.record({ what: anyText, hits: count, breaks: anyText, fix: anyText }), { minLength: 20, maxLength: 60 }),
    flows: fc.array(fc.record({ destination: anyText, names: list(anyText), hits: count, sources: list(anyText), lastSeen: isoTime }), { minLength: 50, maxLength: 200 }),
    warnings: fc.array(anyText, { minLength: 6, maxLength: 20 }),
  }).map(({ deniedFqdns, lifelineDenials, flows, warnings }) => ({
    ...model,
    firewallLogsFound: true,
    deniedFqdns,
    warnings,
    lifeline: Array.from({ length: 12 }, (_, index) => ({ cluster: `aks-${index}-${'ä'.repeat(200)}`, region: 'westeurope', denials: lifelineDenials })),
    deniedNetworkFlows: flows,
    perCluster: model.perCluster.length > 0 ? model.perCluster : [{ cluster: 'c', deniedHits: 1, distinctFqdns: 1 }],
    unattributed: { label: `unattributed (${'10.1.2.3, '.repeat(200)}...)`, hits: 5 },
    snat: model.snat.length > 0 ? model.snat : [{ firewallName: 'fw', peakPercent: 90, averagePercent: 50, capacityPorts: 4992, hourly: [], recommendation: 'add' }],
    snatAttribution: { hour: '2026-11-21T05:00:00Z', sources: warnings, destinations: warnings, advice: warnings.join(' ') },
  })),
);

const driftModel: fc.Arbitrary<DriftCardModel> = fc.record({
  subnetId: anyText, subnetName: anyText, vnetName: anyText, mode: fc.constantFrom('enforce' as const, 'audit' as const),
  outcome: fc.oneof(fc.constantFrom('remediated', 'failed', 'would-remediate'), anyText),
  findings: list(fc.record({ code: anyText, severity: anyText, message: anyText })),
  changes: list(fc.record({ what: anyText, before: anyText, after: anyText })),
  dnsChanged: fc.option(fc.boolean(), { nil: undefined }),
  failureReason: fc.option(anyText, { nil: undefined }),
});

const ruleRequestModel: fc.Arbitrary<RuleRequestCardModel> = fc.record({
  requestId: anyText, requester: anyText, fqdns: list(anyText), protocols: list(anyText), sources: list(anyText),
  justification: anyText, expiresAt: fc.option(isoTime, { nil: undefined }), approveUrl: url, rejectUrl: url, statusPageUrl: url,
});

function expectWithinBudgetAndValid(card: Parameters<typeof payloadSizeInBytes>[0]): void {
  expect(payloadSizeInBytes(card)).toBeLessThanOrEqual(TEAMS_MAX_PAYLOAD_BYTES);
  expect(validateAdaptiveCard(card)).toEqual([]);
}

describe('card payload budget (fuzzed)', () => {
  it('keeps any report card within 28 KB and valid', () => {
    fc.assert(fc.property(reportModel, (model) => expectWithinBudgetAndValid(buildReportCard(model))), { numRuns: 40 });
  });

  it('keeps a report card with every section present and long within 28 KB, valid, the lifeline first', () => {
    fc.assert(
      fc.property(fullReportModel, (model) => {
        const card = buildReportCard(model);
        expectWithinBudgetAndValid(card);
        const text = JSON.stringify(card);
        expect(text).toContain('AKS lifeline');
        expect(text.indexOf('AKS lifeline')).toBeLessThan(text.indexOf('Warning: '));
      }),
      { numRuns: 15 },
    );
  });

  it('keeps any drift card within 28 KB and valid', () => {
    fc.assert(fc.property(driftModel, (model) => expectWithinBudgetAndValid(buildDriftCard(model))), { numRuns: 60 });
  });

  it('keeps any rule request and result card within 28 KB and valid', () => {
    fc.assert(
      fc.property(ruleRequestModel, fc.constantFrom('approved' as const, 'rejected' as const, 'removed' as const), (model, result) => {
        expectWithinBudgetAndValid(buildRuleRequestCard(model));
        expectWithinBudgetAndValid(buildRuleResultCard({ ...model, result, decidedBy: model.requester, reason: model.justification }));
      }),
      { numRuns: 40 },
    );
  });
});

describe('fitToPayloadBudget', () => {
  const rowsCard = (rows: number, chars: number) =>
    adaptiveCard(Array.from({ length: Math.max(1, rows) }, () => paragraph('x'.repeat(chars))));

  it('returns the most rows that fit', () => {
    const card = fitToPayloadBudget((limits) => rowsCard(limits.maxRows, 100), { maxUsefulRows: 1000, maxPayloadBytes: 5000, lastResort: () => rowsCard(1, 1) });
    expect(payloadSizeInBytes(card)).toBeLessThanOrEqual(5000);
    const oneMore = rowsCard(card.body.length + 1, 100);
    expect(payloadSizeInBytes(oneMore)).toBeGreaterThan(5000);
  });

  it('shortens text before giving up, and falls back to the last resort', () => {
    const shortened = fitToPayloadBudget((limits) => rowsCard(0, limits.maxTextChars * 10), { maxUsefulRows: 0, maxPayloadBytes: 1000, lastResort: () => rowsCard(1, 1) });
    expect(JSON.stringify(shortened)).toContain('x'.repeat(480));
    const lastResort = fitToPayloadBudget(() => rowsCard(1, 5000), { maxUsefulRows: 3, maxPayloadBytes: 1000, lastResort: () => rowsCard(1, 3) });
    expect(JSON.stringify(lastResort)).toContain('"text":"xxx"');
  });
});
