import { sweepRepairFor } from '../../../../orchestrations/ruleRequests/sweepDecisions';

const now = new Date('2026-12-07T12:00:00Z');
const old = '2026-12-07T11:00:00Z';
const request = (status: string, extra: Record<string, string> = {}) => ({ status, createdAt: old, ...extra }) as Parameters<typeof sweepRepairFor>[0];

describe('sweepRepairFor', () => {
  it.each([
    ['pending, orchestration missing', request('pending-approval'), undefined, 'restart'],
    ['applied, orchestration terminated', request('applied', { decidedAt: old }), { runtimeStatus: 'Terminated' }, 'restart'],
    ['approving, orchestration completed', request('approved', { decidedAt: old }), { runtimeStatus: 'Completed', stage: 'expired' }, 'restart'],
    ['approved, orchestration still awaiting the decision', request('approved', { decidedAt: old }), { runtimeStatus: 'Running', stage: 'awaiting-approval' }, 'raise-decision'],
    ['applied by another pass while awaiting the decision', request('applied', { decidedAt: old }), { runtimeStatus: 'Running', stage: 'awaiting-approval' }, 'raise-decision'],
    ['rejected while the orchestration awaits', request('rejected', { decidedAt: old }), { runtimeStatus: 'Running', stage: 'awaiting-approval' }, 'raise-decision'],
    ['pending and awaiting: agree', request('pending-approval'), { runtimeStatus: 'Running', stage: 'awaiting-approval' }, 'none'],
    ['applied with its timer: agree', request('applied', { decidedAt: old }), { runtimeStatus: 'Running', stage: 'applied' }, 'none'],
    ['expired and completed: agree', request('expired', { decidedAt: old }), { runtimeStatus: 'Completed', stage: 'expired' }, 'none'],
    ['rejected, orchestration purged: nothing left to do', request('rejected', { decidedAt: old }), undefined, 'none'],
    ['just created, start in flight', request('pending-approval', { createdAt: '2026-12-07T11:59:58Z' }), undefined, 'none'],
    ['just decided, raise in flight', request('approved', { decidedAt: '2026-12-07T11:59:58Z' }), { runtimeStatus: 'Running', stage: 'awaiting-approval' }, 'none'],
  ] as const)('%s -> %s', (_label, stored, instance, expected) => {
    expect(sweepRepairFor(stored, instance, now, 10_000).kind).toBe(expected);
  });
});
