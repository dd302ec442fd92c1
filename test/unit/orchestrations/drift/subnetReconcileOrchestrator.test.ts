import * as df from 'durable-functions';
import { core, newRunner, newStateDir, removeStateDirs } from '../../sandbox/durable/harness';
import { driftNames } from '../../../../orchestrations/drift/names';
import { subnetReconcileOrchestrator } from '../../../../orchestrations/drift/subnetReconcileOrchestrator';
import type { DriftPassSummary, SubnetReconcileInput } from '../../../../orchestrations/drift/types';
import type { DurableRunner } from '../../../../sandbox/durable';

jest.mock('@azure/functions-core', () => core.moduleExports(), { virtual: true });

/**
 * The real orchestrator on the real durable-functions replay (the sandbox runner), with the reconcile activity
 * replaced by a recorder: how many passes a subnet costs is the orchestration's job, whatever a pass does.
 */
const passes: SubnetReconcileInput[] = [];
let passDelayInMs = 0;
let outcome: DriftPassSummary['outcome'] = 'compliant';
const summary = (subnetId: string): DriftPassSummary => ({
  subnetId,
  outcome,
  mode: 'enforce',
  findings: [],
  remaining: [],
  writes: [],
  counters: { armReads: 1, armWrites: 0, conflicts: 0 },
  ...(outcome === 'failed' ? { failure: { code: 'arm-forbidden', message: 'The app may not write subnet x', retryable: false } } : {}),
});

beforeAll(() => {
  df.app.orchestration(driftNames.orchestrator, subnetReconcileOrchestrator);
  df.app.activity(driftNames.reconcileActivity, {
    handler: async (input: SubnetReconcileInput) => {
      passes.push(input);
      await new Promise((resolve) => setTimeout(resolve, passDelayInMs));
      return summary(input.subnetId);
    },
  });
  df.app.activity(driftNames.notifyActivity, { handler: () => ({ delivered: true }) });
});
afterAll(removeStateDirs);

describe('subnetReconcileOrchestrator', () => {
  let runner: DurableRunner;
  beforeEach(async () => {
    passes.length = 0;
    passDelayInMs = 0;
    outcome = 'compliant';
    runner = newRunner(newStateDir());
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
  });

  const start = (id: string) => runner.startNew(driftNames.orchestrator, { instanceId: id, inputJson: JSON.stringify({ subnetId: `/sub/${id}`, reasons: ['test'], pass: 1 }) });

  it('runs one pass and completes after the settle window when nothing else happens', async () => {
    start('quiet');
    const done = await runner.waitForCompletion('quiet', 15_000);
    expect(done.runtimeStatus).toBe('Completed');
    expect(passes).toHaveLength(1);
  });

  it('folds a burst of events raised during a pass into exactly one more pass', async () => {
    passDelayInMs = 400;
    start('burst');
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let index = 0; index < 15; index += 1) runner.raiseEvent('burst', driftNames.rerunEvent, JSON.stringify({ reason: `event ${index}` }));
    const done = await runner.waitForCompletion('burst', 20_000);
    expect(done.runtimeStatus).toBe('Completed');
    expect(passes).toHaveLength(2);
    expect(passes[1]).toMatchObject({ pass: 2 });
  });

  it('folds events that keep arriving after the pass, until a lull, into one more pass', async () => {
    start('stream');
    for (let index = 0; index < 8; index += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      runner.raiseEvent('stream', driftNames.rerunEvent, JSON.stringify({ reason: `event ${index}` }));
    }
    const done = await runner.waitForCompletion('stream', 25_000);
    expect(done.runtimeStatus).toBe('Completed');
    expect(passes).toHaveLength(2);
  });

  it('ends Failed with the reason when a pass fails for good', async () => {
    outcome = 'failed';
    start('broken');
    const done = await runner.waitForCompletion('broken', 15_000);
    expect(done.runtimeStatus).toBe('Failed');
    expect(JSON.stringify(done)).toContain('The app may not write subnet x');
  });
});
