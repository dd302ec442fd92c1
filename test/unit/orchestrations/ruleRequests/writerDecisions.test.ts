import { newRuleRequest, type RuleRequest, type RuleRequestStatus } from '../../../../shared/core/ruleRequests/ruleRequest';
import { desiredRequests, diffFor, outcomesOfPass, ownedRulesFor } from '../../../../orchestrations/ruleRequests/writerDecisions';
import { afterApproval, writeSettles } from '../../../../orchestrations/ruleRequests/requestDecisions';
import { writerInstanceId } from '../../../../orchestrations/ruleRequests/names';

const now = new Date('2026-11-24T10:00:00Z');
const later = '2026-12-24T10:00:00.000Z';
const earlier = '2026-11-24T09:00:00.000Z';

function request(id: string, status: RuleRequestStatus, expiresAt = later, source: RuleRequest['spec']['source'] = { kind: 'addresses', addresses: ['10.42.1.0/24'] }): RuleRequest {
  const base = newRuleRequest(id, { fqdns: [`${id}.example.com`], protocols: [{ protocolType: 'Https', port: 443 }], source, justification: 'needed for tests', expiresAt }, { userId: 'u1', name: 'U' }, new Date('2026-11-01T00:00:00Z'));
  return { ...base, status };
}

describe('desiredRequests', () => {
  it.each([
    { label: 'approved, unexpired', status: 'approved', expiresAt: later, wanted: true },
    { label: 'applying (a pass crashed midway)', status: 'applying', expiresAt: later, wanted: true },
    { label: 'applied, unexpired', status: 'applied', expiresAt: later, wanted: true },
    { label: 'applied but expired', status: 'applied', expiresAt: earlier, wanted: false },
    { label: 'pending approval', status: 'pending-approval', expiresAt: later, wanted: false },
    { label: 'rejected', status: 'rejected', expiresAt: later, wanted: false },
    { label: 'failed', status: 'failed', expiresAt: later, wanted: false },
    { label: 'expiring exactly now', status: 'applied', expiresAt: now.toISOString(), wanted: false },
  ] as const)('$label -> wanted $wanted', ({ status, expiresAt, wanted }) => {
    expect(desiredRequests([request('a', status, expiresAt)], now).length).toBe(wanted ? 1 : 0);
  });
});

describe('ownedRulesFor', () => {
  it('builds one rule per request and sets aside requests whose sources do not resolve', () => {
    const cluster = request('c', 'approved', later, { kind: 'cluster', clusterId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/gone' });
    const { rules, unresolved } = ownedRulesFor([request('a', 'approved'), cluster], (item) => (item.spec.source.kind === 'addresses' ? item.spec.source.addresses : undefined));
    expect(rules.map((rule) => rule.requestId)).toEqual(['a']);
    expect(unresolved.map((item) => item.id)).toEqual(['c']);
  });
});

describe('outcomesOfPass', () => {
  const diff = { added: ['req-a'], removed: ['req-old'], updated: [], unchanged: ['req-b'] };
  it.each([
    { label: 'newly present approved request -> applied', item: request('a', 'approved'), present: ['req-a'], expected: 'applied' },
    { label: 'applying request present -> applied', item: request('a', 'applying'), present: ['REQ-A'], expected: 'applied' },
    { label: 'already applied and present -> nothing (no second notice)', item: request('b', 'applied'), present: ['req-b'], expected: undefined },
    { label: 'applied, expired and gone -> expired', item: request('old', 'applied', earlier), present: [], expected: 'expired' },
    { label: 'applied, expired but still present -> nothing yet', item: request('old', 'applied', earlier), present: ['req-old'], expected: undefined },
    { label: 'approved but missing after the write -> nothing (next pass)', item: request('a', 'approved'), present: [], expected: undefined },
    { label: 'pending -> nothing', item: request('p', 'pending-approval'), present: [], expected: undefined },
  ])('$label', ({ item, present, expected }) => {
    const outcomes = outcomesOfPass({ requests: [item], unresolved: [], presentRuleNames: present, diff, now });
    expect(outcomes[0]?.kind).toBe(expected);
  });

  it('reports an unresolved approved request as failed', () => {
    const item = request('c', 'approved');
    expect(outcomesOfPass({ requests: [item], unresolved: [item], presentRuleNames: [], diff, now })).toEqual([expect.objectContaining({ requestId: 'c', kind: 'failed' })]);
  });

  it('gives an applied request only its own slice of the diff', () => {
    const [outcome] = outcomesOfPass({ requests: [request('a', 'approved')], unresolved: [], presentRuleNames: ['req-a'], diff, now });
    expect(outcome?.diff).toEqual({ added: ['req-a'], removed: [], updated: [], unchanged: [] });
    expect(diffFor('b', diff)).toEqual({ added: [], removed: [], updated: [], unchanged: ['req-b'] });
  });
});

describe('afterApproval', () => {
  it.each([
    { label: 'approved by event', status: 'approved', timedOut: false, expected: { next: 'apply' } },
    { label: 'approved just before the timeout fired', status: 'approved', timedOut: true, expected: { next: 'apply' } },
    { label: 'rejected by a person', status: 'rejected', timedOut: false, expected: { next: 'end', notice: 'rejected' } },
    { label: 'rejected by the timeout', status: 'rejected', timedOut: true, expected: { next: 'end', notice: 'expired' } },
    { label: 'resumed while applying (crash mid-write)', status: 'applying', timedOut: false, expected: { next: 'apply' } },
    { label: 'resumed after the rule was applied: only the expiry timer remains', status: 'applied', timedOut: false, expected: { next: 'await-expiry' } },
    { label: 'resumed after it expired: nothing to do, nobody told twice', status: 'expired', timedOut: false, expected: { next: 'end' } },
    { label: 'resumed after it failed', status: 'failed', timedOut: false, expected: { next: 'end' } },
  ] as const)('$label', ({ status, timedOut, expected }) => {
    expect(afterApproval(status, timedOut)).toEqual(expected);
  });
});

describe('writeSettles', () => {
  it.each([
    { label: 'applying sees applied', stage: 'applying', kind: 'applied', expected: 'done' },
    { label: 'applying sees failed', stage: 'applying', kind: 'failed', expected: 'failed' },
    { label: 'applying sees a stale expired', stage: 'applying', kind: 'expired', expected: 'wait' },
    { label: 'expiring sees a duplicate applied', stage: 'expiring', kind: 'applied', expected: 'wait' },
    { label: 'expiring sees expired', stage: 'expiring', kind: 'expired', expected: 'done' },
    { label: 'applying reads the store status approved', stage: 'applying', kind: 'approved', expected: 'wait' },
  ] as const)('$label -> $expected', ({ stage, kind, expected }) => {
    expect(writeSettles(stage, kind)).toBe(expected);
  });
});

describe('writerInstanceId', () => {
  it('is one id per policy and group, whatever the case', () => {
    const policy = '/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub';
    expect(writerInstanceId(policy, 'egress-guard-requests')).toBe(writerInstanceId(policy.toUpperCase(), 'EGRESS-GUARD-REQUESTS'));
    expect(writerInstanceId(policy, 'other')).not.toBe(writerInstanceId(policy, 'egress-guard-requests'));
    expect(writerInstanceId(policy, 'g')).toMatch(/^rcg-writer-afwp-hub-[0-9a-f]{16}$/);
  });
});
