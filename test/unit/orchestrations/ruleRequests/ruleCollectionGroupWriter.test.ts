import * as df from 'durable-functions';
import { actionLines, actionsOf, HistoryBuilder, newActionsOf, replay, replayCore, replayHistory } from '../../../support/orchestrationReplay';
import { ruleNames } from '../../../../orchestrations/ruleRequests/names';
import { ruleCollectionGroupWriter, writerSettleWindowInMs } from '../../../../orchestrations/ruleRequests/ruleCollectionGroupWriter';
import type { WritePassSummary, WriteOutcome, WriterInput } from '../../../../orchestrations/ruleRequests/types';

jest.mock('@azure/functions-core', () => replayCore.moduleExports(), { virtual: true });

/**
 * The single writer of a rule collection group specified as histories (past events in, actions out, on the real
 * durable-functions replay; no clock). The settle window comes from the input, fixed at start.
 */
const name = ruleNames.writerOrchestrator;
const start = new Date('2026-12-07T10:00:00.000Z');
const settle = 900;
const input: WriterInput = { policyId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies/afwp', groupName: 'rcg-egress-guard', pass: 1, reasons: ['approved req-1'], settleWindowInMs: settle };
const emptyDiff = { added: [], removed: [], updated: [], unchanged: [] };
const summary = (outcomes: WriteOutcome[] = []): WritePassSummary => ({ changed: outcomes.length > 0, desired: 1, diff: emptyDiff, outcomes });
const pass = (writerInput: WriterInput = input) => `activity ${ruleNames.writePassActivity} ${JSON.stringify(writerInput)}`;
const newActions = async (builder: HistoryBuilder) => actionLines(await newActionsOf(name, builder));
const history = (startInput: WriterInput = input) => new HistoryBuilder(start, name, startInput).scheduled(0, 0, ruleNames.writePassActivity);

beforeAll(() => {
  df.app.orchestration(name, ruleCollectionGroupWriter);
});

describe('ruleCollectionGroupWriter (histories)', () => {
  it('starts with one pass over the whole group, retried with back-off when the activity fails', async () => {
    const state = await replay(name, [], new HistoryBuilder(start, name, input).events);
    expect(actionLines(actionsOf(state))).toEqual([pass()]);
    expect(actionsOf(state)[0]!.retryOptions).toEqual({ firstRetryIntervalInMilliseconds: 1_000, maxNumberOfAttempts: 10, backoffCoefficient: 2, maxRetryIntervalInMilliseconds: 15_000 });
    expect(state.customStatus).toEqual({ stage: 'writing', pass: 1, reasons: input.reasons });
  });

  it('a pass with outcomes reports them to the requests, then settles for the window from the input', async () => {
    const outcomes: WriteOutcome[] = [{ requestId: 'req-1', kind: 'applied', diff: { ...emptyDiff, added: ['guard-req-1'] } }];
    const builder = history().wake(300).completed(300, 0, summary(outcomes));
    expect(await newActions(builder)).toEqual([`activity ${ruleNames.reportOutcomesActivity} ${JSON.stringify(outcomes)}`]);
    builder.scheduled(300, 1, ruleNames.reportOutcomesActivity).wake(350).completed(350, 1, 1);
    const state = await replayHistory(name, builder);
    expect(actionLines(await newActionsOf(name, builder))).toEqual(['wait rerun', `timer ${builder.iso(350 + settle)}`]);
    expect(state.customStatus).toMatchObject({ stage: 'settling', pass: 1, changed: true, failure: null });
  });

  it('a pass without outcomes reports nothing and settles at once', async () => {
    const builder = history().wake(300).completed(300, 0, summary());
    expect(await newActions(builder)).toEqual(['wait rerun', `timer ${builder.iso(300 + settle)}`]);
  });

  it('production default: the settle window is writerSettleWindowInMs when the input does not set it', async () => {
    const { settleWindowInMs: _unset, ...defaults } = input;
    const builder = history(defaults).wake(300).completed(300, 0, summary());
    expect((await newActions(builder)).at(-1)).toBe(`timer ${builder.iso(300 + writerSettleWindowInMs)}`);
  });

  it('nothing raised within the settle window: the instance ends with the pass count and the last summary', async () => {
    const last = summary();
    const builder = history().wake(300).completed(300, 0, last).timerCreated(300, 1, 300 + settle).wake(300 + settle).timerFired(300 + settle, 1, 300 + settle);
    const state = await replayHistory(name, builder);
    expect(state.isDone).toBe(true);
    expect(state.output).toEqual({ passes: 1, last });
    expect(state.customStatus).toEqual({ stage: 'done', passes: 1, changed: false });
  });

  it('reruns while settling fold into one more pass (continue-as-new with the first reason, the same window)', async () => {
    const builder = history()
      .wake(300)
      .completed(300, 0, summary())
      .timerCreated(300, 1, 300 + settle)
      .wake(500)
      .raised(500, ruleNames.rerunEvent, { reason: 'approved req-2' })
      .raised(500, ruleNames.rerunEvent, { reason: 'approved req-3' });
    const state = await replayHistory(name, builder);
    const next: WriterInput = { ...input, pass: 2, reasons: ['approved req-2'] };
    expect(actionLines(actionsOf(state)).slice(1)).toEqual(['wait rerun', `timer ${builder.iso(300 + settle)} (canceled)`, `continue-as-new ${JSON.stringify(next)}`]);
  });

  it('reruns raised during the pass itself are buffered and still fold into one more pass', async () => {
    const builder = history().wake(100).raised(100, ruleNames.rerunEvent, { reason: 'expiry req-9' }).wake(300).completed(300, 0, summary());
    expect((await newActions(builder)).at(-1)).toBe(`continue-as-new ${JSON.stringify({ ...input, pass: 2, reasons: ['expiry req-9'] })}`);
  });

  it('a rerun without data still asks for a pass', async () => {
    const builder = history().wake(300).completed(300, 0, summary()).timerCreated(300, 1, 300 + settle).wake(400).raised(400, ruleNames.rerunEvent, undefined);
    expect((await newActions(builder)).at(-1)).toBe(`continue-as-new ${JSON.stringify({ ...input, pass: 2, reasons: ['rerun'] })}`);
  });

  /**
   * Retries of CallActivityWithRetry are the Durable host's: it appends the failure, a back-off timer (1 s, 2 s, 4 s,
   * 8 s, then 15 s capped, as retryOptions says) and the activity again; the orchestrator asks for nothing meanwhile.
   */
  const failTimes = (builder: HistoryBuilder, failures: number): { builder: HistoryBuilder; at: number; nextTaskId: number } => {
    let at = 300;
    let taskId = 0;
    for (let attempt = 1; attempt <= failures; attempt += 1) {
      builder.wake(at).failed(at, taskId, `409 AnotherOperationInProgress (attempt ${attempt})`);
      const delay = Math.min(1_000 * 2 ** (attempt - 1), 15_000);
      builder.timerCreated(at, taskId + 1, at + delay).wake(at + delay).timerFired(at + delay, taskId + 1, at + delay);
      at += delay;
      taskId += 2;
      if (attempt < failures) builder.scheduled(at, taskId, ruleNames.writePassActivity);
    }
    return { builder, at, nextTaskId: taskId };
  };

  it('retries a failing pass (busy policy, moved etag, throttling): nothing new is asked for until a retry succeeds', async () => {
    const builder = history().wake(300).failed(300, 0, '409 AnotherOperationInProgress');
    expect(await newActions(builder)).toEqual([]);
    builder.timerCreated(300, 1, 1_300).wake(1_300).timerFired(1_300, 1, 1_300).scheduled(1_300, 2, ruleNames.writePassActivity).wake(1_400).failed(1_400, 2, '412 PreconditionFailed');
    expect(await newActions(builder)).toEqual([]);
    builder.timerCreated(1_400, 3, 3_400).wake(3_400).timerFired(3_400, 3, 3_400).scheduled(3_400, 4, ruleNames.writePassActivity).wake(3_500).completed(3_500, 4, summary());
    expect(await newActions(builder)).toEqual(['wait rerun', `timer ${builder.iso(3_500 + settle)}`]);
  });

  it('gives up after the 10th failed attempt: the instance fails with the last error (the next signal starts afresh)', async () => {
    const { builder } = failTimes(history(), 9);
    const stillTrying = await replayHistory(name, builder);
    expect(stillTrying.isDone).toBe(false);
    expect(stillTrying.error).toBeUndefined();
    const { builder: exhausted } = failTimes(history(), 10);
    const state = await replayHistory(name, exhausted);
    // The SDK reports an orchestrator failure as an error with failure details (the host marks the instance Failed).
    expect(state.failureDetails).toMatchObject({ ErrorMessage: '409 AnotherOperationInProgress (attempt 10)' });
  });
});
