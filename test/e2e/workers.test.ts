import { DriftSandbox } from '../support/driftHarness';

/**
 * `--workers 2`: the app runs in two worker processes, as Azure runs FUNCTIONS_WORKER_PROCESS_COUNT Node workers.
 * Invocations of every kind land in both processes (none in the sandbox's own), and drift still converges.
 */
describe('the app in two worker processes (sandbox e2e)', () => {
  let env: DriftSandbox;
  const rg = 'rg-spokes-00';

  beforeAll(async () => {
    env = await DriftSandbox.start({ subscriptions: 1, vnetsPerSubscription: 3, subnetsPerVnet: 1 }, {}, { workers: 2 });
  }, 90_000);

  afterAll(async () => {
    await env?.sandbox.stop();
  });

  interface WorkerStats {
    pid: number;
    invocations: Record<string, number>;
    ready: boolean;
  }
  const workerStats = async () => ((await (await fetch(env.sandbox.endpoints.workers.statsUrl)).json()) as { count: number; workers: WorkerStats[] }).workers;

  it('starts two worker processes, neither of them the sandbox', async () => {
    const { workers } = env.sandbox.endpoints;
    expect(workers.count).toBe(2);
    expect(new Set(workers.processIds).size).toBe(2);
    expect(workers.processIds).not.toContain(workers.hostProcessId);
    expect(env.sandbox.output()).toMatch(/Worker process 1\/2 started \(ProcessId=\d+/);
    expect(env.sandbox.output()).toMatch(/Worker process 2\/2 started \(ProcessId=\d+/);
    expect((await workerStats()).every((worker) => worker.ready)).toBe(true);
  });

  it('spreads HTTP invocations over both processes (ProcessId in the host log)', async () => {
    for (let index = 0; index < 4; index += 1) expect((await env.sandbox.callFunction('/api/compliance')).status).toBe(200);
    const pids = new Set([...env.sandbox.output().matchAll(/Executed 'Functions\.compliance' \(Succeeded, [^)]*ProcessId=(\d+)\)/g)].map((match) => Number(match[1])));
    expect([...pids].sort()).toEqual([...env.sandbox.endpoints.workers.processIds].sort());
  });

  it('repairs drift with events, orchestrations and activities running in both processes', async () => {
    const spokes = [env.spoke(0), env.spoke(1), env.spoke(2)];
    await Promise.all(spokes.map((spoke) => env.network.routes.beginDeleteAndWait(rg, `rt-${spoke.vnetName}-egress`, 'egress-guard-default')));
    for (const spoke of spokes) {
      await env.compliant(spoke, spoke.subnetIds[0]!, 40_000);
      expect((await env.instanceEnded(spoke.subnetIds[0]!)).runtimeStatus).toBe('Completed');
    }

    const workers = await workerStats();
    expect(workers.map(({ pid }) => pid).sort()).toEqual([...env.sandbox.endpoints.workers.processIds].sort());
    const registrations = env.sandbox.endpoints.functions.endpoints as Array<{ name: string; trigger: string }>;
    const durableFunctions = new Set(registrations.filter(({ trigger }) => /^(orchestration|activity)Trigger$/.test(trigger)).map(({ name }) => name));
    for (const worker of workers) {
      const durableRuns = Object.entries(worker.invocations).filter(([name]) => durableFunctions.has(name)).reduce((sum, [, count]) => sum + count, 0);
      expect(durableRuns).toBeGreaterThan(0);
    }
    const eventRuns = workers.map((worker) => worker.invocations.driftEvents ?? 0);
    expect(eventRuns.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(spokes.length);
  });
});
