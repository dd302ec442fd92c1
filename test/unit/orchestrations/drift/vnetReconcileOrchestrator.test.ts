import * as df from 'durable-functions';
import { actionLines, actionsOf, HistoryBuilder, newActionsOf, replayCore, replayHistory } from '../../../support/orchestrationReplay';
import { driftNames } from '../../../../orchestrations/drift/names';
import { vnetReconcileOrchestrator } from '../../../../orchestrations/drift/vnetReconcileOrchestrator';
import type { DriftNotification, VnetPassSummary, VnetReconcileInput } from '../../../../orchestrations/drift/types';
import { retryBudget } from '../../../../shared/core/drift/retryBudget';

jest.mock('@azure/functions-core', () => replayCore.moduleExports(), { virtual: true });

/**
 * The per-VNet orchestrator specified as histories: past events in, the actions it asks for out, on the real
 * durable-functions replay. Times are ms after the start; the windows come from the input (fixed at start).
 */
const vnetId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a';
const windows = { settleInMs: 7_000, rerunQuietInMs: 1_000, foldWindowInMs: 2_500 };
const input: VnetReconcileInput = { vnetId, reasons: ['Microsoft.Network/virtualNetworks/subnets/write'], pass: 1, attempt: 0, windows };
const start = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms).toISOString();

const summary = (overrides: Partial<VnetPassSummary> = {}): VnetPassSummary => ({
  vnetId,
  kind: 'done',
  vnetGone: false,
  subnets: [],
  counters: { armReads: 2, armWrites: 1, conflicts: 0 },
  notifications: [],
  ...overrides,
});

/** Actions as short, comparable lines. */
const lines = actionLines;

const passInput = (attempt = 0, pass = 1, reasons = input.reasons) => ({ vnetId, reasons, pass, attempt, finalAttempt: attempt + 1 >= retryBudget.passAttempts });
const history = (startInput: VnetReconcileInput = input) => new HistoryBuilder(start, driftNames.orchestrator, startInput).scheduled(0, 0, driftNames.reconcileActivity);

beforeAll(() => {
  df.app.orchestration(driftNames.orchestrator, vnetReconcileOrchestrator);
});

describe('vnetReconcileOrchestrator (histories)', () => {
  it('starts with one pass of the VNet (activity retries only for the activity itself failing)', async () => {
    const state = await replayHistory(driftNames.orchestrator, new HistoryBuilder(start, driftNames.orchestrator, input));
    expect(lines(actionsOf(state))).toEqual([`activity ${driftNames.reconcileActivity} ${JSON.stringify(passInput())}`]);
    expect(actionsOf(state)[0]!.retryOptions).toMatchObject({ maxNumberOfAttempts: 3 });
  });

  it('the last allowed attempt tells the pass so (a retryable refusal is then recorded failed)', async () => {
    const last = { ...input, attempt: retryBudget.passAttempts - 1 };
    const state = await replayHistory(driftNames.orchestrator, new HistoryBuilder(start, driftNames.orchestrator, last));
    expect(actionsOf(state)[0]!.input).toMatchObject({ attempt: retryBudget.passAttempts - 1, finalAttempt: true });
  });

  it('after a pass: waits for a rerun or the settle window from the input', async () => {
    const state = await replayHistory(driftNames.orchestrator, history().wake(400).completed(400, 0, summary()));
    expect(lines(actionsOf(state)).slice(1)).toEqual(['wait rerun', `timer ${at(400 + windows.settleInMs)}`]);
  });

  it('nothing raised while settling: one immediate last look, then done with the pass as output', async () => {
    const done = summary();
    const lastLook = await replayHistory(driftNames.orchestrator, history().wake(400).completed(400, 0, done).timerCreated(400, 1, 7_400).wake(7_400).timerFired(7_400, 1, 7_400));
    // The episode before the final one says so (requestReconcile then waits for the end instead of trusting Running).
    expect(lastLook.customStatus).toMatchObject({ stage: 'last-look' });
    expect(lines(actionsOf(lastLook)).slice(-2)).toEqual(['wait rerun', `timer ${at(7_400)}`]);
    const state = await replayHistory(driftNames.orchestrator, history().wake(400).completed(400, 0, done).timerCreated(400, 1, 7_400).wake(7_400).timerFired(7_400, 1, 7_400).timerCreated(7_400, 2, 7_400).wake(7_410).timerFired(7_410, 2, 7_400));
    expect(state.isDone).toBe(true);
    expect(state.output).toEqual({ vnetId, passes: 1, last: done });
  });

  it('a rerun while settling: folded until a lull, then one more pass as a new generation with the same windows', async () => {
    const builder = history()
      .wake(400)
      .completed(400, 0, summary())
      .timerCreated(400, 1, 7_400)
      .wake(900)
      .raised(900, driftNames.rerunEvent, { reason: 'Microsoft.Network/routeTables/write' });
    let state = await replayHistory(driftNames.orchestrator, builder);
    expect(lines(actionsOf(state)).slice(-2)).toEqual(['wait rerun', `timer ${at(900 + windows.rerunQuietInMs)}`]);
    builder.timerCreated(900, 2, 1_900).wake(1_900).timerFired(1_900, 2, 1_900);
    state = await replayHistory(driftNames.orchestrator, builder);
    const next: VnetReconcileInput = { vnetId, reasons: ['Microsoft.Network/routeTables/write'], pass: 2, attempt: 0, windows };
    expect(lines(actionsOf(state)).at(-1)).toBe(`continue-as-new ${JSON.stringify(next)}`);
  });

  it('a burst that keeps raising is folded for at most the fold window', async () => {
    const builder = history().wake(400).completed(400, 0, summary()).timerCreated(400, 1, 7_400).wake(500).raised(500, driftNames.rerunEvent, { reason: 'a' });
    // Reruns every 800 ms (inside the 1 s quiet window) until the fold window (2.5 s after the first) runs out.
    builder.timerCreated(500, 2, 1_500).wake(1_300).raised(1_300, driftNames.rerunEvent, { reason: 'b' });
    builder.timerCreated(1_300, 3, 2_300).wake(2_100).raised(2_100, driftNames.rerunEvent, { reason: 'c' });
    const state = await replayHistory(driftNames.orchestrator, builder);
    // The next quiet timer is capped at the fold deadline (500 + 2 500), not 2 100 + 1 000.
    expect(lines(actionsOf(state)).slice(-2)).toEqual(['wait rerun', `timer ${at(3_000)}`]);
  });

  it('one card per subnet Teams should hear about, sent together, before settling', async () => {
    const notification = (subnet: string): DriftNotification => ({
      card: { subnetId: `${vnetId}/subnets/${subnet}`, subnetName: subnet, vnetName: 'vnet-a', mode: 'enforce', outcome: 'remediated', findings: [], changes: [] },
      fingerprint: subnet,
      subscriptionId: 's',
    });
    const notifications = [notification('aks-a'), notification('aks-b')];
    const state = await replayHistory(driftNames.orchestrator, history().wake(400).completed(400, 0, summary({ notifications })));
    expect(lines(actionsOf(state)).slice(1)).toEqual(notifications.map((each) => `activity ${driftNames.notifyActivity} ${JSON.stringify(each)}`));
  });

  it("a retryable refusal: a durable timer for the pass's delay, then the same pass again as attempt 2", async () => {
    const retry = summary({ kind: 'retry', retryInMs: 15_000, failure: { code: 'arm-throttled', message: 'busy', retryable: true } });
    const builder = history().wake(400).completed(400, 0, retry);
    let state = await replayHistory(driftNames.orchestrator, builder);
    expect(lines(actionsOf(state)).slice(1)).toEqual(['wait rerun', `timer ${at(15_400)}`]);
    builder.timerCreated(400, 1, 15_400).wake(15_400).timerFired(15_400, 1, 15_400);
    state = await replayHistory(driftNames.orchestrator, builder);
    expect(lines(actionsOf(state)).at(-1)).toBe(`continue-as-new ${JSON.stringify({ ...input, attempt: 1, reasons: ['retry'] })}`);
  });

  it('reruns raised during the retry wait do not shorten it, and their callers reach the retry (Durable would drop them)', async () => {
    const retry = summary({ kind: 'retry', retryInMs: 15_000, failure: { code: 'arm-busy', message: 'busy', retryable: true } });
    const earlier = { name: 'terraform-pipeline', at: at(0) };
    const actor = { name: 'rita@contoso.example', at: at(5_000) };
    const builder = history({ ...input, changedBy: [earlier] }).wake(400).completed(400, 0, retry).timerCreated(400, 1, 15_400);
    builder.wake(5_000).raised(5_000, driftNames.rerunEvent, { reason: 'Microsoft.Network/routeTables/write', actor });
    // The same retry time again, not a fresh delay from the event.
    expect(lines(await newActionsOf(driftNames.orchestrator, builder))).toEqual(['wait rerun', `timer ${at(15_400)}`]);
    builder.timerCreated(5_000, 2, 15_400).wake(15_400).timerFired(15_400, 2, 15_400);
    const next = actionsOf(await replayHistory(driftNames.orchestrator, builder)).at(-1)!;
    expect(next.input).toEqual({ ...input, attempt: 1, reasons: ['retry', 'Microsoft.Network/routeTables/write'], changedBy: [earlier, actor] });
  });

  it('never silent: when the pass activity itself keeps failing, the VNet is recorded failed and told', async () => {
    const builder = history().wake(400).failed(400, 0, 'table storage unavailable');
    // durable-functions retries the activity: a timer, the activity again, ... until the attempts run out.
    builder.timerCreated(400, 1, 2_400).wake(2_400).timerFired(2_400, 1, 2_400).scheduled(2_400, 2, driftNames.reconcileActivity).wake(2_500).failed(2_500, 2, 'table storage unavailable');
    builder.timerCreated(2_500, 3, 6_500).wake(6_500).timerFired(6_500, 3, 6_500).scheduled(6_500, 4, driftNames.reconcileActivity).wake(6_600).failed(6_600, 4, 'table storage unavailable');
    // The SDK waits one more retry interval before it gives up on the third failure.
    builder.timerCreated(6_600, 5, 14_600).wake(14_600).timerFired(14_600, 5, 14_600);
    const state = await replayHistory(driftNames.orchestrator, builder);
    const last = actionsOf(state).at(-1)!;
    expect(last.functionName).toBe(driftNames.recordFailureActivity);
    expect(last.input).toMatchObject({ vnetId, message: expect.stringContaining('table storage unavailable') });
  });

  it('a rerun caught by the last look (raised as the settle timer fired) still folds into one more pass', async () => {
    const builder = history().wake(400).completed(400, 0, summary()).timerCreated(400, 1, 7_400).wake(7_400).timerFired(7_400, 1, 7_400).timerCreated(7_400, 2, 7_400);
    builder.wake(7_405).raised(7_405, driftNames.rerunEvent, { reason: 'late' });
    expect(lines(await newActionsOf(driftNames.orchestrator, builder))).toEqual(['wait rerun', `timer ${at(7_405 + windows.rerunQuietInMs)}`]);
    builder.timerCreated(7_405, 3, 8_405).wake(8_405).timerFired(8_405, 3, 8_405);
    const next: VnetReconcileInput = { vnetId, reasons: ['late'], pass: 2, attempt: 0, windows };
    expect(lines(await newActionsOf(driftNames.orchestrator, builder))).toEqual([`continue-as-new ${JSON.stringify(next)}`]);
  });

  it('folded reruns: at most five reasons, and the latest three callers as changedBy for the next pass', async () => {
    const actor = (index: number) => ({ name: `user-${index}`, at: at(500 + index) });
    const builder = history().wake(400).completed(400, 0, summary()).timerCreated(400, 1, 7_400).wake(500);
    for (let index = 0; index < 7; index += 1) builder.raised(500, driftNames.rerunEvent, { reason: `r${index}`, actor: actor(index) });
    // Six more waits were answered by the buffered events within the same episode; the seventh wait times out.
    builder.timerCreated(500, 2, 1_500);
    for (let timerId = 3; timerId <= 8; timerId += 1) builder.timerCreated(500, timerId, 1_500);
    builder.wake(1_500).timerFired(1_500, 8, 1_500);
    const last = actionsOf(await replayHistory(driftNames.orchestrator, builder)).at(-1)!;
    expect(last.input).toEqual({ vnetId, reasons: ['r0', 'r1', 'r2', 'r3', 'r4'], pass: 2, attempt: 0, windows, changedBy: [actor(4), actor(5), actor(6)] });
  });
});
