import { buildReportCard, NO_DENIALS_TEXT, NO_NEW_DENIALS_TEXT, payloadSizeInBytes, type ReportCardModel } from '../../../../shared/core/cards';
import { AKS_BASELINE_TEXT } from '../../../../shared/core/cards/deniedFqdnTable';
import { LIFELINE_TITLE } from '../../../../shared/core/cards/lifelineSection';
import { NO_FIREWALL_LOGS_TEXT } from '../../../../shared/core/cards/reportCard';
import { assertValidAdaptiveCard } from '../../../support/adaptiveCards';
import { cardText } from './cardText';
import { sampleReport } from './sampleModels';

const findType = (node: unknown, type: string): Record<string, unknown>[] => {
  if (Array.isArray(node)) return node.flatMap((child) => findType(child, type));
  if (typeof node !== 'object' || node === null) return [];
  const self = (node as { type?: unknown }).type === type ? [node as Record<string, unknown>] : [];
  return [...self, ...Object.values(node).flatMap((child) => findType(child, type))];
};

describe('buildReportCard', () => {
  const card = buildReportCard(sampleReport);
  const text = cardText(card);

  it('is a valid 1.5 card', () => {
    expect(card.version).toBe('1.5');
    assertValidAdaptiveCard(card);
  });

  it('shows the headline figures', () => {
    expect(text).toContain('1,234');
    expect(text).toMatch(/Denied requests[\s\S]*Distinct FQDNs[\s\S]*New FQDNs[\s\S]*Clusters affected/);
  });

  it('lists denied FQDNs with hits, origin, times, a NEW mark and a request link', () => {
    const [table] = findType(card, 'Table');
    const tableText = cardText(table);
    expect(tableText).toContain('**NEW** registry.npmjs.org');
    expect(tableText).not.toContain('**NEW** \\*.blob');
    expect(tableText).toContain('900');
    expect(tableText).toContain('aks-payments');
    expect(tableText).toContain('2026-11-20 08:00 UTC');
    expect(tableText).toContain('[Request allow rule](https://func-egress-guard.azurewebsites.net/api/rule-requests/new?fqdn=registry.npmjs.org)');
  });

  it('puts the AKS lifeline first, right under the title, with what breaks and the baseline fix', () => {
    const texts = cardText(card).split('\n');
    expect(texts[0]).toBe('Egress report');
    expect(texts[1]).toBe(LIFELINE_TITLE);
    expect(text).toMatch(/\*\*aks-payments\*\* \(westeurope\): 1 denied requirement, 40 hits/);
    expect(text).toContain('Breaks: node bootstrap, scale-out and upgrades');
    expect(text).toContain('Fix: allow the AzureKubernetesService FQDN tag');
  });

  it('never offers a request link for an AKS required FQDN', () => {
    const [table] = findType(card, 'Table');
    const tableText = cardText(table);
    expect(tableText).toContain('**NEW** mcr.microsoft.com');
    expect(tableText).toContain(AKS_BASELINE_TEXT);
    expect(text).not.toContain('fqdn=mcr.microsoft.com');
  });

  it('shows the warnings, the denied network flows with resolved names, and labels unattributed sources', () => {
    expect(text).toContain('Warning: DNS proxy log not enabled (no AZFWDnsQuery table): network denials without names.');
    const networkTable = findType(card, 'Table')[1];
    const networkText = cardText(networkTable);
    expect(networkText).toMatch(/Destination[\s\S]*Resolved name/);
    expect(networkText).toContain('140.82.112.3:22/TCP');
    expect(networkText).toContain('github.com');
    expect(networkText).toContain('unattributed (10.1.2.3)');
    expect(text).toContain('unattributed (10.1.2.3)\n5 hits');
  });

  it('names who caused the busiest SNAT hour and whether IPs or a NAT gateway help', () => {
    expect(text).toContain('Busiest hour 11-21 05:00 UTC');
    expect(text).toContain('aks-payments (10.240.0.7): 420 Mbps');
    expect(text).toContain('SNAT ports are per destination');
  });

  it('says so when the workspace has no firewall logs, instead of "nothing denied"', () => {
    const empty = buildReportCard({ ...sampleReport, firewallLogsFound: false, deniedFqdns: [], deniedNetworkFlows: [], perCluster: [], lifeline: [], unattributed: undefined, headline: { deniedRequests: 0, distinctFqdns: 0, newFqdns: 0, clustersAffected: 0 } });
    const emptyText = cardText(empty);
    expect(emptyText).toContain(NO_FIREWALL_LOGS_TEXT);
    expect(emptyText).not.toContain(NO_DENIALS_TEXT);
    assertValidAdaptiveCard(empty);
  });

  it('breaks denied hits down per cluster', () => {
    expect(text).toContain('1,100 hits, 2 FQDNs');
  });

  it('shows SNAT peak and average, a line chart with a text fallback, and the recommendation', () => {
    expect(text).toContain('peak 86.4%, average 41.2% of 2,496 SNAT ports');
    const [chart] = findType(card, 'Chart.Line');
    expect(chart).toBeDefined();
    expect(chart?.fallback).toMatchObject({ type: 'TextBlock', text: expect.stringContaining('Busiest hours (UTC)') });
    expect(text).toContain('add public IPs');
  });

  it.each([
    { label: 'no new denials', model: { ...sampleReport, noNewDenials: true }, expected: NO_NEW_DENIALS_TEXT },
    {
      label: 'no denials at all',
      model: { ...sampleReport, deniedFqdns: [], perCluster: [], headline: { deniedRequests: 0, distinctFqdns: 0, newFqdns: 0, clustersAffected: 0 }, noNewDenials: true },
      expected: NO_DENIALS_TEXT,
    },
  ])('says so when there are $label', ({ model, expected }: { model: ReportCardModel; expected: string }) => {
    const quiet = buildReportCard(model);
    expect(cardText(quiet)).toContain(expected);
    assertValidAdaptiveCard(quiet);
  });

  it('does not claim "no new denials" when there are new ones', () => {
    expect(text).not.toContain(NO_NEW_DENIALS_TEXT);
  });

  it('cuts long lists with "and N more" to stay within the payload limit', () => {
    const many = Array.from({ length: 400 }, (_, index) => ({ ...sampleReport.deniedFqdns[0]!, fqdn: `host-${index}.example.com` }));
    const big = buildReportCard({ ...sampleReport, deniedFqdns: many });
    expect(payloadSizeInBytes(big)).toBeLessThanOrEqual(28 * 1024);
    expect(cardText(big)).toMatch(/and \d+ more FQDNs/);
    expect(cardText(big)).toContain('host-0.example.com');
    assertValidAdaptiveCard(big);
  });
});
