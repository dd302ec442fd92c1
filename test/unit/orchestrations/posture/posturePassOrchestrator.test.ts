import * as df from 'durable-functions';
import { core, newRunner, newStateDir, removeStateDirs } from '../../sandbox/durable/harness';
import { postureNames } from '../../../../orchestrations/posture/names';
import { posturePassOrchestrator, type PosturePassInput } from '../../../../orchestrations/posture/posturePassOrchestrator';
import type { PosturePassSummary } from '../../../../shared/runtime/posturePass';
import type { DurableRunner } from '../../../../sandbox/durable';

jest.mock('@azure/functions-core', () => core.moduleExports(), { virtual: true });

/**
 * The real orchestrator on the real durable-functions replay (the sandbox runner), with the pass and notify
 * activities replaced by recorders: how many passes and cards a burst costs is the orchestration's job.
 */
const passes: PosturePassInput[] = [];
const notified: unknown[] = [];
let passDelayInMs = 0;
let changed = false;

beforeAll(() => {
  df.app.orchestration(postureNames.orchestrator, posturePassOrchestrator);
  df.app.activity(postureNames.passActivity, {
    handler: async (input: PosturePassInput): Promise<PosturePassSummary> => {
      passes.push(input);
      await new Promise((resolve) => setTimeout(resolve, passDelayInMs));
      const change = { clusterId: '/c/aks-shop', clusterName: 'aks-shop', status: 'fail' as const, appeared: [], recovered: [] };
      return { clusters: 2, failing: 1, armReads: 9, ...(changed ? { notification: { changes: [change], told: [{ clusterId: '/c/aks-shop', findings: [] }] } } : {}) };
    },
  });
  df.app.activity(postureNames.notifyActivity, {
    handler: (notification: unknown) => {
      notified.push(notification);
      return { delivered: true };
    },
  });
});
afterAll(removeStateDirs);

describe('posturePassOrchestrator', () => {
  let runner: DurableRunner;
  beforeEach(async () => {
    passes.length = 0;
    notified.length = 0;
    passDelayInMs = 0;
    changed = false;
    runner = newRunner(newStateDir());
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
  });

  const start = (id: string) => runner.startNew(postureNames.orchestrator, { instanceId: id, inputJson: JSON.stringify({ reasons: ['sweep'], pass: 1 }) });

  it('runs one pass, posts no card when nothing changed, and completes after the settle window', async () => {
    start('quiet');
    const done = await runner.waitForCompletion('quiet', 15_000);
    expect(done.runtimeStatus).toBe('Completed');
    expect(passes).toHaveLength(1);
    expect(notified).toEqual([]);
  });

  it('posts one card for a pass that found changes', async () => {
    changed = true;
    start('changed');
    await runner.waitForCompletion('changed', 15_000);
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatchObject({ changes: [{ clusterName: 'aks-shop' }] });
  });

  it('folds a burst of events raised during a pass into exactly one more pass', async () => {
    passDelayInMs = 400;
    start('burst');
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let index = 0; index < 12; index += 1) runner.raiseEvent('burst', postureNames.rerunEvent, JSON.stringify({ reason: `event ${index}` }));
    const done = await runner.waitForCompletion('burst', 20_000);
    expect(done.runtimeStatus).toBe('Completed');
    expect(passes).toHaveLength(2);
    expect(passes[1]).toMatchObject({ pass: 2, reasons: ['event 0'] });
  });
});
