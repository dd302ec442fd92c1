import * as df from 'durable-functions';
import { actionLines, actionsOf, HistoryBuilder, newActionsOf, replay, replayCore, replayHistory } from '../../../support/orchestrationReplay';
import { postureNames } from '../../../../orchestrations/posture/names';
import { posturePassOrchestrator, postureSettleWindowInMs, type PosturePassInput } from '../../../../orchestrations/posture/posturePassOrchestrator';
import type { PosturePassSummary } from '../../../../shared/runtime/posturePass';

jest.mock('@azure/functions-core', () => replayCore.moduleExports(), { virtual: true });

/**
 * The estate's posture pass specified as histories (past events in, actions out, on the real durable-functions
 * replay; no clock): how many passes and cards a burst of events costs is the orchestration's job.
 */
const name = postureNames.orchestrator;
const start = new Date('2026-12-07T10:00:00.000Z');
const settle = 800;
const input: PosturePassInput = { reasons: ['sweep'], pass: 1, settleWindowInMs: settle };
const change = { clusterId: '/c/aks-shop', clusterName: 'aks-shop', status: 'fail' as const, appeared: [], recovered: [] };
const notification = { changes: [change], told: [{ clusterId: '/c/aks-shop', findings: [] }] };
const quiet: PosturePassSummary = { clusters: 2, failing: 1, armReads: 9 };
const changed: PosturePassSummary = { ...quiet, notification };
const newActions = async (builder: HistoryBuilder) => actionLines(await newActionsOf(name, builder));
const history = (startInput: PosturePassInput = input) => new HistoryBuilder(start, name, startInput).scheduled(0, 0, postureNames.passActivity);

beforeAll(() => {
  df.app.orchestration(name, posturePassOrchestrator);
});

describe('posturePassOrchestrator (histories)', () => {
  it('starts with one pass of the estate, retried with back-off if the activity fails', async () => {
    const state = await replay(name, [], new HistoryBuilder(start, name, input).events);
    expect(actionLines(actionsOf(state))).toEqual([`activity ${postureNames.passActivity} ${JSON.stringify(input)}`]);
    expect(actionsOf(state)[0]!.retryOptions).toEqual({ firstRetryIntervalInMilliseconds: 2_000, maxNumberOfAttempts: 4, backoffCoefficient: 2, maxRetryIntervalInMilliseconds: 30_000 });
  });

  it('nothing changed: no card; settles for the window from the input, then completes', async () => {
    const builder = history().wake(300).completed(300, 0, quiet);
    expect(await newActions(builder)).toEqual(['wait rerun', `timer ${builder.iso(300 + settle)}`]);
    builder.timerCreated(300, 1, 300 + settle).wake(300 + settle).timerFired(300 + settle, 1, 300 + settle);
    const state = await replayHistory(name, builder);
    expect(await newActions(builder)).toEqual([]);
    expect(state.isDone).toBe(true);
    expect(state.output).toEqual({ passes: 1, clusters: 2, failing: 1 });
    expect(actionLines(actionsOf(state)).filter((line) => line.includes(postureNames.notifyActivity))).toEqual([]);
  });

  it('production default: the settle window is postureSettleWindowInMs when the input does not set it', async () => {
    const builder = history({ reasons: ['sweep'], pass: 1 }).wake(300).completed(300, 0, quiet);
    expect((await newActions(builder)).at(-1)).toBe(`timer ${builder.iso(300 + postureSettleWindowInMs)}`);
  });

  it('a pass that found changes posts one card before settling', async () => {
    const builder = history().wake(300).completed(300, 0, changed);
    expect(await newActions(builder)).toEqual([`activity ${postureNames.notifyActivity} ${JSON.stringify(notification)}`]);
    builder.scheduled(300, 1, postureNames.notifyActivity).wake(400).completed(400, 1, { delivered: true, reason: null });
    expect(await newActions(builder)).toEqual(['wait rerun', `timer ${builder.iso(400 + settle)}`]);
  });

  it('a burst of events raised during a pass folds into exactly one more pass (the first reason, the same window)', async () => {
    const builder = history().wake(100);
    for (let index = 0; index < 12; index += 1) builder.raised(100, postureNames.rerunEvent, { reason: `event ${index}` });
    builder.wake(400).completed(400, 0, quiet);
    const next: PosturePassInput = { reasons: ['event 0'], pass: 2, settleWindowInMs: settle };
    // The buffered events win at once: the settle timer is cancelled in the same episode and one pass follows.
    expect(await newActions(builder)).toEqual(['wait rerun', `timer ${builder.iso(400 + settle)} (canceled)`, `continue-as-new ${JSON.stringify(next)}`]);
  });

  it('a rerun while settling: one more pass; a production input stays without a window field', async () => {
    const builder = history({ reasons: ['sweep'], pass: 3 }).wake(300).completed(300, 0, quiet).timerCreated(300, 1, 300 + postureSettleWindowInMs).wake(900).raised(900, postureNames.rerunEvent, { reason: 'Microsoft.ContainerService/managedClusters/write' });
    expect((await newActions(builder)).at(-1)).toBe(`continue-as-new ${JSON.stringify({ reasons: ['Microsoft.ContainerService/managedClusters/write'], pass: 4 })}`);
  });
});
