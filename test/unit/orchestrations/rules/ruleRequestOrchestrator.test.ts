import * as df from 'durable-functions';
import { core, newRunner, newStateDir, removeStateDirs } from '../../sandbox/durable/harness';
import { ruleNames } from '../../../../orchestrations/rules/names';
import { ruleRequestOrchestrator } from '../../../../orchestrations/rules/ruleRequestOrchestrator';
import type { RuleRequestOrchestrationInput } from '../../../../orchestrations/rules/types';
import type { DurableRunner } from '../../../../sandbox/durable';

jest.mock('@azure/functions-core', () => core.moduleExports(), { virtual: true });

/**
 * The request orchestration on the real durable-functions replay (the sandbox runner), its activities replaced by
 * recorders: what a fresh and a resumed instance do for each stored status. The writer answers at once.
 */
let runner: DurableRunner;
let storedStatus = 'pending-approval';
const calls: string[] = [];

beforeAll(() => {
  df.app.orchestration(ruleNames.requestOrchestrator, ruleRequestOrchestrator);
  df.app.activity(ruleNames.readStatusActivity, { handler: () => storedStatus });
  df.app.activity(ruleNames.notifyApproversActivity, { handler: () => void calls.push('approver-card') });
  df.app.activity(ruleNames.notifyRequesterActivity, { handler: ({ notice }: { notice: string }) => void calls.push(`notice:${notice}`) });
  df.app.activity(ruleNames.expireApprovalActivity, { handler: () => (calls.push('timeout-reject'), 'rejected') });
  df.app.activity(ruleNames.signalWriterActivity, {
    handler: ({ requestId, reason }: { requestId: string; reason: string }) => {
      calls.push(`writer:${reason}`);
      const kind = reason === 'approved' ? 'applied' : 'expired';
      setTimeout(() => runner.raiseEvent(`rule-request-${requestId}`, ruleNames.writtenEvent, JSON.stringify({ requestId, kind })), 20);
      return 'started';
    },
  });
});
afterAll(removeStateDirs);

beforeEach(async () => {
  calls.length = 0;
  runner = newRunner(newStateDir());
  await runner.start();
});
afterEach(() => runner.stop());

const start = (id: string, input: Partial<RuleRequestOrchestrationInput>) => {
  const full: RuleRequestOrchestrationInput = { requestId: id, expiresAt: new Date(Date.now() + 400).toISOString(), approvalTimeoutInMs: 60_000, ...input };
  runner.startNew(ruleNames.requestOrchestrator, { instanceId: `rule-request-${id}`, inputJson: JSON.stringify(full) });
  return `rule-request-${id}`;
};
const output = (state: { outputJson?: string }) => JSON.parse(state.outputJson ?? 'null') as { status: string };

describe('ruleRequestOrchestrator', () => {
  it('fresh: card, decision, apply, expiry timer, removal', async () => {
    const instance = start('fresh', {});
    await new Promise((resolve) => setTimeout(resolve, 150));
    runner.raiseEvent(instance, ruleNames.decisionEvent, JSON.stringify({ status: 'approved' }));
    const done = await runner.waitForCompletion(instance, 10_000);
    expect(output(done).status).toBe('expired');
    expect(calls).toEqual(['approver-card', 'writer:approved', 'notice:applied', 'writer:expiry', 'notice:removed']);
  });

  it('resumed on an applied request: no card, no second apply, only the expiry timer and the removal', async () => {
    storedStatus = 'applied';
    const done = await runner.waitForCompletion(start('applied', { resumed: true }), 10_000);
    expect(output(done).status).toBe('expired');
    expect(calls).toEqual(['writer:expiry', 'notice:removed']);
  });

  it('resumed on an approved request (decision stored, event lost): applies without a new card', async () => {
    storedStatus = 'approved';
    const done = await runner.waitForCompletion(start('approved', { resumed: true }), 10_000);
    expect(output(done).status).toBe('expired');
    expect(calls).toEqual(['writer:approved', 'notice:applied', 'writer:expiry', 'notice:removed']);
  });

  it('resumed on a finished request: does nothing', async () => {
    storedStatus = 'expired';
    const done = await runner.waitForCompletion(start('finished', { resumed: true }), 10_000);
    expect(output(done).status).toBe('expired');
    expect(calls).toEqual([]);
  });

  it('resumed on a pending request keeps the original approval deadline (already past: rejected as expired at once)', async () => {
    storedStatus = 'pending-approval';
    const done = await runner.waitForCompletion(start('late', { resumed: true, approvalDeadline: new Date(Date.now() - 1000).toISOString() }), 10_000);
    expect(output(done).status).toBe('expired');
    expect(calls).toEqual(['timeout-reject', 'notice:expired']);
  });
});
