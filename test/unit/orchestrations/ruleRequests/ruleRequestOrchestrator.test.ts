import * as df from 'durable-functions';
import { actionLines, actionsOf, HistoryBuilder, newActionsOf, replay, replayCore, replayHistory } from '../../../support/orchestrationReplay';
import { ruleNames } from '../../../../orchestrations/ruleRequests/names';
import { ruleRequestOrchestrator, writerPatienceInMs } from '../../../../orchestrations/ruleRequests/ruleRequestOrchestrator';
import type { RuleRequestOrchestrationInput } from '../../../../orchestrations/ruleRequests/types';

jest.mock('@azure/functions-core', () => replayCore.moduleExports(), { virtual: true });

/**
 * The rule-request orchestrator specified as histories: past events in, the actions it asks for out, on the real
 * durable-functions replay. Times are ms after the start; no clock, no sleeps. The writer patience is set by the
 * input (fixed at start), the approval deadline by approvalTimeoutInMs or approvalDeadline.
 */
const requestId = 'req-1';
const start = new Date('2026-12-07T10:00:00.000Z');
const expiresAtMs = 3_600_000;
const patience = 5_000;
const input: RuleRequestOrchestrationInput = {
  requestId,
  expiresAt: new Date(start.getTime() + expiresAtMs).toISOString(),
  approvalTimeoutInMs: 60_000,
  writerPatienceInMs: patience,
};
const name = ruleNames.requestOrchestrator;
const activity = (functionName: string, payload: unknown) => `activity ${functionName} ${JSON.stringify(payload)}`;
const approverCard = activity(ruleNames.notifyApproversActivity, { requestId });
const notice = (kind: string) => activity(ruleNames.notifyRequesterActivity, { requestId, notice: kind });
const signal = (reason: string) => activity(ruleNames.signalWriterActivity, { requestId, reason });
const readStatus = activity(ruleNames.readStatusActivity, { requestId });
/** What the latest episode asked for, as lines. */
const newActions = async (builder: HistoryBuilder) => actionLines(await newActionsOf(name, builder));

/** Fresh request: card sent (task 0), approval wait armed at 400 (timer 1, deadline 400 + 60 s). */
const awaitingApproval = (startInput: RuleRequestOrchestrationInput = input) =>
  new HistoryBuilder(start, name, startInput).scheduled(0, 0, ruleNames.notifyApproversActivity).wake(400).completed(400, 0, null).timerCreated(400, 1, 60_400);

/** ...approved at 1 000: writer signalled (task 2), the written wait armed (timer 3, 1 000 + patience). */
const applying = () =>
  awaitingApproval().wake(1_000).raised(1_000, ruleNames.decisionEvent, { status: 'approved' }).scheduled(1_000, 2, ruleNames.signalWriterActivity).wake(1_100).completed(1_100, 2, 'started').timerCreated(1_100, 3, 1_100 + patience);

/** ...applied at 2 000: requester told (task 4); the expiry timer (5) armed at 2 100. */
const applied = () =>
  applying().wake(2_000).raised(2_000, ruleNames.writtenEvent, { requestId, kind: 'applied' }).scheduled(2_000, 4, ruleNames.notifyRequesterActivity).wake(2_100).completed(2_100, 4, null).timerCreated(2_100, 5, expiresAtMs);

beforeAll(() => {
  df.app.orchestration(name, ruleRequestOrchestrator);
});

describe('ruleRequestOrchestrator (histories)', () => {
  it('fresh: posts the approver card first, then waits for a decision or the approval deadline', async () => {
    const first = await replay(name, [], new HistoryBuilder(start, name, input).events);
    expect(actionLines(actionsOf(first))).toEqual([approverCard]);
    expect(first.customStatus).toEqual({ stage: 'awaiting-approval', requestId });
    const builder = new HistoryBuilder(start, name, input).scheduled(0, 0, ruleNames.notifyApproversActivity).wake(400).completed(400, 0, null);
    expect(await newActions(builder)).toEqual(['wait decision', `timer ${builder.iso(400 + 60_000)}`]);
  });

  it('approved: cancels the deadline, signals the writer, and waits for it with the patience from the input', async () => {
    const builder = awaitingApproval().wake(1_000).raised(1_000, ruleNames.decisionEvent, { status: 'approved' });
    const state = await replayHistory(name, builder);
    expect(actionLines(actionsOf(state))).toEqual([approverCard, 'wait decision', `timer ${builder.iso(60_400)} (canceled)`, signal('approved')]);
    expect(state.customStatus).toEqual({ stage: 'applying', requestId });
    builder.scheduled(1_000, 2, ruleNames.signalWriterActivity).wake(1_100).completed(1_100, 2, 'started');
    expect(await newActions(builder)).toEqual(['wait ruleWritten', `timer ${builder.iso(1_100 + patience)}`]);
  });

  it('production default: the writer patience is writerPatienceInMs when the input does not set it', async () => {
    const { writerPatienceInMs: _unset, ...defaults } = input;
    const builder = awaitingApproval(defaults).wake(1_000).raised(1_000, ruleNames.decisionEvent, { status: 'approved' }).scheduled(1_000, 2, ruleNames.signalWriterActivity).wake(1_100).completed(1_100, 2, 'started');
    expect((await newActions(builder)).at(-1)).toBe(`timer ${builder.iso(1_100 + writerPatienceInMs)}`);
  });

  it('applied: tells the requester, then holds the rule until expiresAt', async () => {
    const builder = applying().wake(2_000).raised(2_000, ruleNames.writtenEvent, { requestId, kind: 'applied' });
    expect(await newActions(builder)).toEqual([notice('applied')]);
    expect(actionLines(actionsOf(await replayHistory(name, builder)))).toContain(`timer ${builder.iso(1_100 + patience)} (canceled)`);
    builder.scheduled(2_000, 4, ruleNames.notifyRequesterActivity).wake(2_100).completed(2_100, 4, null);
    const state = await replayHistory(name, builder);
    expect(actionLines(actionsOf(state)).slice(7)).toEqual([`timer ${builder.iso(expiresAtMs)}`]);
    expect(state.customStatus).toEqual({ stage: 'applied', requestId });
  });

  it('expiry: at expiresAt the writer removes the rule, the requester hears it, and the instance ends expired', async () => {
    const builder = applied().wake(expiresAtMs).timerFired(expiresAtMs, 5, expiresAtMs);
    let state = await replayHistory(name, builder);
    expect(actionLines(actionsOf(state)).slice(8)).toEqual([signal('expiry')]);
    expect(state.customStatus).toEqual({ stage: 'expiring', requestId });
    const at = expiresAtMs;
    builder.scheduled(at, 6, ruleNames.signalWriterActivity).wake(at + 100).completed(at + 100, 6, 'started').timerCreated(at + 100, 7, at + 100 + patience);
    // A stale "applied" (a writer pass repeated) is skipped: the wait is armed again.
    builder.wake(at + 200).raised(at + 200, ruleNames.writtenEvent, { requestId, kind: 'applied' });
    expect(await newActions(builder)).toEqual(['wait ruleWritten', `timer ${builder.iso(at + 200 + patience)}`]);
    builder.timerCreated(at + 200, 8, at + 200 + patience).wake(at + 300).raised(at + 300, ruleNames.writtenEvent, { requestId, kind: 'expired' });
    expect(await newActions(builder)).toEqual([notice('removed')]);
    builder.scheduled(at + 300, 9, ruleNames.notifyRequesterActivity).wake(at + 400).completed(at + 400, 9, null);
    state = await replayHistory(name, builder);
    expect(state.isDone).toBe(true);
    expect(state.output).toEqual({ requestId, status: 'expired' });
    expect(state.customStatus).toEqual({ stage: 'expired', requestId });
  });

  it('rejected: the requester hears it and nothing reaches the writer', async () => {
    const builder = awaitingApproval().wake(1_000).raised(1_000, ruleNames.decisionEvent, { status: 'rejected' });
    expect(await newActions(builder)).toEqual([notice('rejected')]);
    builder.scheduled(1_000, 2, ruleNames.notifyRequesterActivity).wake(1_100).completed(1_100, 2, null);
    const state = await replayHistory(name, builder);
    expect(state.isDone).toBe(true);
    expect(state.output).toEqual({ requestId, status: 'rejected' });
  });

  it('approval timeout: the deadline fires, the store rejects the still-pending request, the requester hears "expired"', async () => {
    const builder = awaitingApproval().wake(60_400).timerFired(60_400, 1, 60_400);
    expect(await newActions(builder)).toEqual([activity(ruleNames.expireApprovalActivity, { requestId })]);
    builder.scheduled(60_400, 2, ruleNames.expireApprovalActivity).wake(60_500).completed(60_500, 2, 'rejected');
    expect(await newActions(builder)).toEqual([notice('expired')]);
    builder.scheduled(60_500, 3, ruleNames.notifyRequesterActivity).wake(60_600).completed(60_600, 3, null);
    expect((await replayHistory(name, builder)).output).toEqual({ requestId, status: 'expired' });
  });

  it('approval timeout lost the race to an approval already stored: the stored status decides, the rule is applied', async () => {
    const builder = awaitingApproval().wake(60_400).timerFired(60_400, 1, 60_400).scheduled(60_400, 2, ruleNames.expireApprovalActivity).wake(60_500).completed(60_500, 2, 'approved');
    expect(await newActions(builder)).toEqual([signal('approved')]);
  });

  it('writer silent for the whole patience: the store decides; still approved, the writer is signalled again', async () => {
    const builder = applying().wake(1_100 + patience).timerFired(1_100 + patience, 3, 1_100 + patience);
    expect(await newActions(builder)).toEqual([readStatus]);
    builder.scheduled(1_100 + patience, 4, ruleNames.readStatusActivity).wake(6_200).completed(6_200, 4, 'approved');
    expect(await newActions(builder)).toEqual([signal('approved (again)')]);
    builder.scheduled(6_200, 5, ruleNames.signalWriterActivity).wake(6_300).completed(6_300, 5, 'started');
    expect(await newActions(builder)).toEqual(['wait ruleWritten', `timer ${builder.iso(6_300 + patience)}`]);
  });

  it('writer silent, but the store says applied (the event was lost): goes on to tell the requester', async () => {
    const builder = applying().wake(1_100 + patience).timerFired(1_100 + patience, 3, 1_100 + patience).scheduled(1_100 + patience, 4, ruleNames.readStatusActivity).wake(6_200).completed(6_200, 4, 'applied');
    expect(await newActions(builder)).toEqual([notice('applied')]);
  });

  it('the writer reports failed: the instance ends failed without telling "applied"', async () => {
    const builder = applying().wake(2_000).raised(2_000, ruleNames.writtenEvent, { requestId, kind: 'failed', note: 'sources unresolved' });
    const state = await replayHistory(name, builder);
    expect(state.isDone).toBe(true);
    expect(state.output).toEqual({ requestId, status: 'failed' });
    expect(actionLines(actionsOf(state))).not.toContain(notice('applied'));
  });

  describe('resumed from the stored request (retried create or decision, or the sweep)', () => {
    const resumedInput = (overrides: Partial<RuleRequestOrchestrationInput> = {}): RuleRequestOrchestrationInput => ({ ...input, resumed: true, ...overrides });
    const resumedWith = (status: string, overrides: Partial<RuleRequestOrchestrationInput> = {}) =>
      new HistoryBuilder(start, name, resumedInput(overrides)).scheduled(0, 0, ruleNames.readStatusActivity).wake(100).completed(100, 0, status);

    it('reads the stored status first, without posting the approver card again', async () => {
      expect(actionLines(actionsOf(await replay(name, [], new HistoryBuilder(start, name, resumedInput()).events)))).toEqual([readStatus]);
    });

    it('applied: only the expiry timer remains (no second apply, no second notice)', async () => {
      expect(await newActions(resumedWith('applied'))).toEqual([`timer ${new Date(start.getTime() + expiresAtMs).toISOString()}`]);
    });

    it('applied, at expiresAt: the writer removes the rule and the requester hears it (no card, no apply)', async () => {
      const builder = resumedWith('applied').timerCreated(100, 1, expiresAtMs).wake(expiresAtMs).timerFired(expiresAtMs, 1, expiresAtMs);
      expect(await newActions(builder)).toEqual([signal('expiry')]);
      builder.scheduled(expiresAtMs, 2, ruleNames.signalWriterActivity).wake(expiresAtMs + 50).completed(expiresAtMs + 50, 2, 'started').timerCreated(expiresAtMs + 50, 3, expiresAtMs + 50 + patience);
      builder.wake(expiresAtMs + 80).raised(expiresAtMs + 80, ruleNames.writtenEvent, { requestId, kind: 'expired' });
      expect(await newActions(builder)).toEqual([notice('removed')]);
      const lines = actionLines(actionsOf(await replayHistory(name, builder)));
      expect(lines.filter((line) => line === approverCard || line === signal('approved') || line === notice('applied'))).toEqual([]);
    });

    it('approved (decision stored, event lost): signals the writer without a card', async () => {
      expect(await newActions(resumedWith('approved'))).toEqual([signal('approved')]);
    });

    it('finished (expired): does nothing and ends with the stored status', async () => {
      const state = await replayHistory(name, resumedWith('expired'));
      expect(actionLines(actionsOf(state))).toEqual([readStatus]);
      expect(state.output).toEqual({ requestId, status: 'expired' });
    });

    it('pending with the deadline already past: the timeout fires at once, the request is rejected as expired', async () => {
      const deadline = new Date(start.getTime() - 1_000).toISOString();
      const builder = resumedWith('pending-approval', { approvalDeadline: deadline });
      expect(await newActions(builder)).toEqual(['wait decision', `timer ${deadline}`]);
      builder.timerCreated(100, 1, -1_000).wake(110).timerFired(110, 1, -1_000);
      expect(await newActions(builder)).toEqual([activity(ruleNames.expireApprovalActivity, { requestId })]);
      builder.scheduled(110, 2, ruleNames.expireApprovalActivity).wake(150).completed(150, 2, 'rejected');
      expect(await newActions(builder)).toEqual([notice('expired')]);
    });

    it('pending: keeps the original approval deadline instead of a fresh timeout', async () => {
      const deadline = new Date(start.getTime() + 30_000).toISOString();
      expect(await newActions(resumedWith('pending-approval', { approvalDeadline: deadline }))).toEqual(['wait decision', `timer ${deadline}`]);
    });
  });
});
