import { toAuditRecord } from '../../../../shared/core/ruleRequests/auditRecord';
import { newRuleRequest, type RuleRequest } from '../../../../shared/core/ruleRequests/ruleRequest';
import { InvalidTransitionError, transition, type RuleRequestEvent } from '../../../../shared/core/ruleRequests/transitions';

const alice = { userId: 'u-alice', name: 'Alice' };
const bob = { userId: 'u-bob', name: 'Bob' };
const diff = { added: ['req-r1'], removed: [], updated: [], unchanged: [] };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute));
const created = newRuleRequest(
  'r1',
  {
    fqdns: ['api.example.com'],
    protocols: [{ protocolType: 'Https', port: 443 }],
    source: { kind: 'cluster', clusterId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks' },
    justification: 'Payment provider API',
    expiresAt: '2026-12-24T10:00:00.000Z',
  },
  alice,
  at(0),
);

/** Replays events in order, one minute apart, like a request's life in the orchestrator. */
const replay = (...events: RuleRequestEvent[]): RuleRequest => events.reduce((request, event, index) => transition(request, event, at(index + 1)), created);

describe('transition', () => {
  it('walks the happy path and records who, when and why', () => {
    const expired = replay({ type: 'approve', by: bob, note: 'ok for 30 days' }, { type: 'start-apply' }, { type: 'applied', diff }, { type: 'expire' });
    expect(expired.history.map((entry) => entry.stage)).toEqual(['pending-approval', 'approved', 'applying', 'applied', 'expired']);
    expect(expired).toMatchObject({ status: 'expired', approver: bob, decidedAt: at(1).toISOString(), appliedAt: at(3).toISOString(), endedAt: at(4).toISOString(), appliedDiff: diff });
    expect(expired.history[1]).toEqual({ at: at(1).toISOString(), stage: 'approved', by: bob, note: 'ok for 30 days' });
  });

  it('retries after a failure', () => {
    const applied = replay({ type: 'approve', by: bob }, { type: 'start-apply' }, { type: 'fail', note: '409 AnotherOperationInProgress' }, { type: 'start-apply' }, { type: 'applied', diff });
    expect(applied.status).toBe('applied');
    expect(applied.history.find((entry) => entry.stage === 'failed')?.note).toBe('409 AnotherOperationInProgress');
  });

  it('rejects on timeout without an approver', () => {
    const rejected = replay({ type: 'reject', note: 'no decision within 72 hours' });
    expect(rejected.status).toBe('rejected');
    expect(rejected.approver).toBeUndefined();
  });

  it.each([
    { label: 'approve twice', events: [{ type: 'approve', by: bob }, { type: 'approve', by: bob }] },
    { label: 'apply before approval', events: [{ type: 'start-apply' }] },
    { label: 'reject after approval', events: [{ type: 'approve', by: bob }, { type: 'reject', by: bob, note: 'late' }] },
    { label: 'expire before applied', events: [{ type: 'approve', by: bob }, { type: 'expire' }] },
  ] as { label: string; events: RuleRequestEvent[] }[])('refuses to $label', ({ events }) => {
    expect(() => replay(...events)).toThrow(InvalidTransitionError);
  });

  it('does not modify the request it was given', () => {
    const before = JSON.stringify(created);
    transition(created, { type: 'approve', by: bob }, at(1));
    expect(JSON.stringify(created)).toBe(before);
  });
});

describe('toAuditRecord', () => {
  it('flattens requester, approver, times, justification and the applied diff', () => {
    const applied = replay({ type: 'approve', by: bob }, { type: 'start-apply' }, { type: 'applied', diff });
    expect(toAuditRecord(applied)).toEqual({
      requestId: 'r1',
      status: 'applied',
      requester: alice,
      approver: bob,
      requestedAt: at(0).toISOString(),
      decidedAt: at(1).toISOString(),
      appliedAt: at(3).toISOString(),
      expiresAt: '2026-12-24T10:00:00.000Z',
      justification: 'Payment provider API',
      fqdns: ['api.example.com'],
      protocols: ['Https:443'],
      source: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks',
      diff,
    });
  });
});
