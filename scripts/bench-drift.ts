/**
 * npm run bench:drift [-- --quick] [--only=A|B] [--skip-naive] [--lro-profile=azure] [--change-budget=default|N] [--entry=FILE]
 *   (BENCH_CPU_PROF_DIR=<dir>: CPU profiles of the sandbox)
 *
 * --lro-profile=azure: the sandbox's ARM emulator with Azure's timing (writes of 5-15 s, polling Retry-After).
 * --change-budget=default: the app keeps CHANGE_BUDGET_PER_HOUR's default (60) instead of the bench's 10000.
 * --entry=FILE: the sandbox loads that build of the app (e.g. an older commit's build/functions/index.js).
 *
 * (A) a burst of 1,000 Event Grid events over 100 drifted subnets in 10 VNets (10 each, interleaved) POSTed to the
 *     driftEvents webhook with the eventgrid key, 32 in flight: evaluations per subnet, ARM writes per drifted VNet,
 *     event -> compliant. Then the same burst again once everything is compliant: writes must be 0.
 * (B) one drift sweep over 10,000 subnets in 500 VNets across 20 subscriptions: ARM calls and wall time.
 * (C) the naive approach in the same run: reconcileVnet once per event (no singleton, no coalescing), and a sweep
 *     that observes each subnet's VNet on its own (the event path's GETs per subnet).
 * Prints a markdown table (paste it into docs/benchmarks.md) and the raw figures as JSON.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeEstate, type SpokeIds } from '../sandbox/seed/generateEstate';
import { loadSettings } from '../shared/config/settings';
import { createArmClients } from '../shared/azure/arm/armClients';
import { createNetworkAdapter } from '../shared/azure/network';
import { reconcileVnet } from '../shared/core/drift/reconcileVnet';
import { parentArmId } from '../shared/azure/arm/armId';
import { evaluate } from '../shared/core/drift/evaluate';
import { pool, percentile, readsIn, sleep, startBenchSandbox, writesIn, type ArmStats, type BenchSandbox } from './bench/sandboxChild';

const quick = process.argv.includes('--quick');
/** --vnets=N spreads the 100 subnets over N VNets (default 10: ten sibling subnets share each VNet's etag). */
const burstVnets = Number(process.argv.find((arg) => arg.startsWith('--vnets='))?.slice('--vnets='.length) ?? 10);
const burst = { vnets: burstVnets, subnetsPerVnet: Math.round(100 / burstVnets), eventsPerSubnet: 10, inFlight: 32 };
const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const lroProfile = flag('lro-profile') ?? 'fast';
const changeBudget = flag('change-budget') ?? '10000';
const entry = flag('entry');
/** Sandbox arguments every app sandbox of this run gets (the emulator's timing, the app build). */
const appSandboxArgs = [...(lroProfile === 'fast' ? [] : ['--lro-profile', lroProfile]), ...(entry ? ['--entry', entry] : [])];
/** CHANGE_BUDGET_PER_HOUR for the app's burst: 10000 unless --change-budget says otherwise ("default": the app's own). */
const budgetSettings: Record<string, string> = changeBudget === 'default' ? {} : { CHANGE_BUDGET_PER_HOUR: changeBudget };
/** How long the watcher waits for compliance after the last event: writes take 5-15 s with Azure's timing. */
const complianceWaitInMs = lroProfile === 'azure' ? 300_000 : 60_000;
const sweep = quick ? { subscriptions: 4, vnets: 25, subnets: 20 } : { subscriptions: 20, vnets: 25, subnets: 20 };
const naiveSweepConcurrency = 16;
/** The naive sweep is measured on a sample (70k GETs on the emulator take ~40 min) and extrapolated per subnet. */
const naiveSweepSample = 500;

interface Row {
  readonly scenario: string;
  readonly approach: string;
  readonly figures: Record<string, string | number>;
}
const rows: Row[] = [];
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const log = (line: string) => console.error(`[bench] ${line}`);

function subnetEvent(subnetId: string): Record<string, unknown> {
  const subscriptionId = /\/subscriptions\/([^/]+)/i.exec(subnetId)?.[1] ?? '';
  return {
    id: `bench-${Math.random().toString(16).slice(2)}`,
    topic: `/subscriptions/${subscriptionId}`,
    subject: subnetId,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: new Date().toISOString(),
    dataVersion: '2',
    metadataVersion: '1',
    data: { operationName: 'Microsoft.Network/virtualNetworks/subnets/write', resourceUri: subnetId, status: 'Succeeded', subscriptionId },
  };
}

/** Subnet ids (lower-cased) whose association with their VNet's owned table is done (Succeeded), from the emulator's dump (not counted in stats). */
async function compliantSubnets(sandbox: BenchSandbox, spokes: readonly SpokeIds[]): Promise<Set<string>> {
  const tableOf = new Map(spokes.flatMap((spoke) => spoke.subnetIds.map((id) => [id.toLowerCase(), spoke.routeTableId.toLowerCase()] as const)));
  const dump = await sandbox.armAdmin<{ value: Array<{ id: string; properties?: { routeTable?: { id?: string }; provisioningState?: string } }> }>('resources?type=Microsoft.Network/virtualNetworks/subnets');
  const compliant = new Set<string>();
  for (const resource of dump.value) {
    const id = resource.id.toLowerCase();
    const wanted = tableOf.get(id);
    // Compliant once the write is done: with Azure's timing ARM shows the new body at once, Updating for 5-15 s.
    const done = (resource.properties?.provisioningState ?? 'Succeeded') === 'Succeeded';
    if (wanted !== undefined && done && resource.properties?.routeTable?.id?.toLowerCase() === wanted) compliant.add(id);
  }
  return compliant;
}

/**
 * The figures are for an app that is running: before the burst, one event about a VNet that no longer exists
 * loads the SDKs and opens the ARM connections (what bench:coldstart measures), without touching the burst's subnets.
 */
async function warmUp(sandbox: BenchSandbox, spoke: SpokeIds): Promise<void> {
  // A VNet that does not exist: one reconcile that finds nothing, none of the burst's VNets touched.
  const goneSubnetId = `${spoke.vnetId}-deleted-before-the-burst/subnets/aks-deleted-before-the-burst`;
  await sandbox.postEvent(subnetEvent(goneSubnetId));
  for (;;) {
    const instances = await sandbox.durable<Array<{ runtimeStatus: string }>>('instances?top=10');
    if (instances.length > 0 && instances.every((instance) => ['Completed', 'Failed', 'Terminated'].includes(instance.runtimeStatus))) break;
    await sleep(100);
  }
}

function burstEvents(spokes: readonly SpokeIds[]): string[] {
  const subnetIds = spokes.flatMap((spoke) => spoke.subnetIds);
  const events: string[] = [];
  for (let round = 0; round < burst.eventsPerSubnet; round += 1) events.push(...subnetIds);
  return events;
}

async function benchAppBurst(seedPath: string, spokes: readonly SpokeIds[]): Promise<void> {
  const sandbox = await startBenchSandbox({ seedPath, settings: budgetSettings, extraArgs: appSandboxArgs });
  try {
    const subnetIds = spokes.flatMap((spoke) => spoke.subnetIds);
    const events = burstEvents(spokes);
    await warmUp(sandbox, spokes[0]!);
    for (const phase of ['drifted', 'compliant'] as const) {
      await sandbox.armAdmin('stats', 'DELETE');
      const sentAt: number[] = new Array(events.length);
      const compliantAt = new Map<string, number>();
      let sending = true;
      const watcher = (async () => {
        while (sending || compliantAt.size < subnetIds.length) {
          const now = Date.now();
          for (const id of await compliantSubnets(sandbox, spokes)) if (!compliantAt.has(id)) compliantAt.set(id, now);
          if (!sending && Date.now() - (sentAt.at(-1) ?? now) > complianceWaitInMs) break;
          await sleep(25);
        }
      })();
      const started = Date.now();
      const statuses = await pool(events, burst.inFlight, async (subnetId, index) => {
        sentAt[index] = Date.now();
        return sandbox.postEvent(subnetEvent(subnetId));
      });
      const burstMs = Date.now() - started;
      sending = false;
      await watcher;
      // All instances ended (settle windows included), then no more ARM calls.
      for (;;) {
        const instances = await sandbox.durable<Array<{ runtimeStatus: string; output?: { passes?: number } }>>('instances?top=1000');
        // One instance per VNet (plus the warm-up's).
        if (instances.length >= spokes.length && instances.every((instance) => ['Completed', 'Failed', 'Terminated'].includes(instance.runtimeStatus))) break;
        await sleep(250);
      }
      await sleep(1_000);
      const stats = await sandbox.armAdmin<ArmStats>('stats');
      const burstVnetIds = new Set(spokes.map((spoke) => spoke.vnetId.toLowerCase()));
      const instances = (await sandbox.durable<Array<{ runtimeStatus: string; output?: { vnetId?: string; passes?: number; last?: { subnets?: Array<{ outcome: string }> } } }>>('instances?top=1000')).filter(
        (instance) => burstVnetIds.has(instance.output?.vnetId?.toLowerCase() ?? ''),
      );
      // One pass of a VNet evaluates each of its subnets once.
      const passes = instances.map((instance) => instance.output?.passes ?? 0);
      const subnetsPerVnet = subnetIds.length / spokes.length;
      const latencies = events.map((subnetId, index) => Math.max(0, (compliantAt.get(subnetId.toLowerCase()) ?? Number.NaN) - sentAt[index]!));
      const firstEventLatency = subnetIds.map((subnetId) => (compliantAt.get(subnetId.toLowerCase()) ?? Number.NaN) - sentAt[events.indexOf(subnetId)]!);
      const failed = instances.filter((instance) => instance.runtimeStatus !== 'Completed' || (instance.output?.last?.subnets ?? []).some((subnet) => subnet.outcome === 'failed')).length;
      rows.push({
        scenario: `A burst, ${phase} subnets`,
        approach: `app (singleton per VNet + coalescing; LRO profile ${lroProfile}, CHANGE_BUDGET_PER_HOUR ${changeBudget})`,
        figures: {
          events: events.length,
          subnets: subnetIds.length,
          'non-2xx deliveries': statuses.filter((status) => status >= 300).length,
          // Each pass (orchestration generation) is one evaluation; activity retries after a transient failure add to it.
          'evaluations/subnet': round((passes.reduce((total, count) => total + count, 0) * subnetsPerVnet) / subnetIds.length, 2),
          'max passes/VNet': Math.max(...passes),
          'ARM writes/drifted VNet': round(writesIn(stats) / spokes.length, 2),
          'ARM reads/subnet': round(readsIn(stats) / subnetIds.length, 1),
          'ARM writes/subnet': round(writesIn(stats) / subnetIds.length, 2),
          'failed instances': failed,
          'burst sent in ms': burstMs,
          'p50 event->compliant ms': phase === 'drifted' ? Math.round(percentile(latencies, 50)) : 'n/a (already compliant)',
          'p99 event->compliant ms': phase === 'drifted' ? Math.round(percentile(latencies, 99)) : 'n/a',
          'p99 first event->compliant ms': phase === 'drifted' ? Math.round(percentile(firstEventLatency, 99)) : 'n/a',
        },
      });
      log(`app burst (${phase}) done: ${JSON.stringify(rows.at(-1)?.figures)}`);
    }
  } finally {
    await sandbox.stop();
  }
}

function benchClients(sandbox: BenchSandbox) {
  const settings = loadSettings({ ...sandbox.endpoints.appSettings, GUARD_MODE: 'enforce', AKS_SUBNET_PATTERNS: 'aks-*' } as NodeJS.ProcessEnv);
  const credential = { getToken: async () => ({ token: 'bench', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const network = createNetworkAdapter(createArmClients({ credential, armEndpoint: settings.armEndpoint }), settings);
  return { settings, network };
}

async function benchNaiveBurst(seedPath: string, spokes: readonly SpokeIds[]): Promise<void> {
  // The app runs in audit mode here, so only the naive loop writes; its own reads are counted from reconcileVnet's counters.
  const sandbox = await startBenchSandbox({ seedPath, settings: { GUARD_MODE: 'audit', AKS_SUBNET_PATTERNS: 'not-guarded-by-the-app' }, extraArgs: lroProfile === 'fast' ? [] : ['--lro-profile', lroProfile] });
  try {
    const { settings, network } = benchClients(sandbox);
    const events = burstEvents(spokes);
    const subnetIds = spokes.flatMap((spoke) => spoke.subnetIds);
    const firstDone = new Map<string, number>();
    let reads = 0;
    let writes = 0;
    let conflicts = 0;
    let failed = 0;
    const started = Date.now();
    const latencies = await pool(events, burst.inFlight, async (subnetId) => {
      const sent = Date.now();
      const result = await reconcileVnet(parentArmId(subnetId), { network, policy: settings });
      reads += result.counters.armReads;
      writes += result.counters.armWrites;
      conflicts += result.counters.conflicts;
      if (result.kind === 'retry' || result.subnets.some((subnet) => subnet.outcome === 'failed')) failed += 1;
      if (!firstDone.has(subnetId)) firstDone.set(subnetId, Date.now());
      return Date.now() - sent;
    });
    rows.push({
      scenario: 'A burst, drifted subnets',
      approach: 'naive (reconcileVnet per event)',
      figures: {
        events: events.length,
        subnets: subnetIds.length,
        'evaluations/subnet': round(events.length / subnetIds.length, 2),
        'ARM reads/subnet': round(reads / subnetIds.length, 1),
        'ARM writes/subnet': round(writes / subnetIds.length, 2),
        'ARM writes/drifted VNet': round(writes / spokes.length, 2),
        '412 conflicts': conflicts,
        'failed reconciles': failed,
        'total ms': Date.now() - started,
        'p50 event->compliant ms': Math.round(percentile(latencies, 50)),
        'p99 event->compliant ms': Math.round(percentile(latencies, 99)),
      },
    });
    log(`naive burst done: ${JSON.stringify(rows.at(-1)?.figures)}`);
  } finally {
    await sandbox.stop();
  }
}

async function benchSweeps(seedPath: string, spokes: readonly SpokeIds[], skipNaive: boolean): Promise<void> {
  const subnets = spokes.reduce((total, spoke) => total + spoke.subnetIds.length, 0);
  const startedAt = Date.now();
  const sandbox = await startBenchSandbox({ seedPath, readyTimeoutInMs: 600_000 });
  log(`sweep sandbox with ${subnets} subnets ready in ${Date.now() - startedAt} ms`);
  try {
    await sandbox.armAdmin('stats', 'DELETE');
    const before = sandbox.output().length;
    const started = Date.now();
    await sandbox.runFunction('driftSweep');
    let line: string | undefined;
    while (!(line = /\[app\] Sweep: .*/.exec(sandbox.output().slice(before))?.[0])) {
      if (/Executed 'Functions\.driftSweep' \(Failed/.test(sandbox.output().slice(before))) throw new Error(`sweep failed:\n${sandbox.output().slice(before, before + 4000)}`);
      await sleep(100);
    }
    const wallMs = Date.now() - started;
    const stats = await sandbox.armAdmin<ArmStats>('stats');
    rows.push({
      scenario: `B sweep, ${subnets} subnets / ${spokes.length} VNets / ${sweep.subscriptions} subscriptions`,
      approach: 'app (paged lists per subscription)',
      figures: {
        'ARM calls': stats.total,
        'ARM calls/subscription': round(stats.total / sweep.subscriptions, 1),
        'ARM writes': writesIn(stats),
        'wall ms': wallMs,
        'app log': line.replace('[app] ', ''),
      },
    });
    log(`app sweep done: ${JSON.stringify(rows.at(-1)?.figures)}`);
    if (skipNaive) return;

    // Naive: observe every subnet on its own (its VNet read, as the event path does), then evaluate it.
    const { settings, network } = benchClients(sandbox);
    await sandbox.armAdmin('stats', 'DELETE');
    const all = spokes.flatMap((spoke) => spoke.subnetIds);
    const ids = all.filter((_, index) => index % Math.ceil(all.length / naiveSweepSample) === 0);
    const naiveStarted = Date.now();
    let nonCompliant = 0;
    await pool(ids, naiveSweepConcurrency, async (subnetId) => {
      const { observed } = await network.observeVnet(parentArmId(subnetId));
      const subnet = observed?.subnets.find((candidate) => candidate.subnet.id.toLowerCase() === subnetId.toLowerCase());
      if (subnet && evaluate(subnet, settings).length > 0) nonCompliant += 1;
    });
    const naiveStats = await sandbox.armAdmin<ArmStats>('stats');
    rows.push({
      scenario: `B sweep, ${subnets} subnets / ${spokes.length} VNets / ${sweep.subscriptions} subscriptions`,
      approach: `naive (observe each subnet, ${naiveSweepConcurrency} in flight)`,
      figures: {
        'sampled subnets': ids.length,
        'ARM calls/subnet': round(naiveStats.total / ids.length, 2),
        'ARM calls (extrapolated)': Math.round((naiveStats.total / ids.length) * all.length),
        'wall ms (extrapolated)': Math.round(((Date.now() - naiveStarted) / ids.length) * all.length),
        'ARM writes': writesIn(naiveStats),
        'wall ms': Date.now() - naiveStarted,
        'non-compliant found': nonCompliant,
      },
    });
    log(`naive sweep done: ${JSON.stringify(rows.at(-1)?.figures)}`);
  } finally {
    await sandbox.stop();
  }
}

function markdown(): string {
  const lines = ['| scenario | approach | figures |', '|---|---|---|'];
  for (const row of rows) {
    const figures = Object.entries(row.figures)
      .map(([name, value]) => `${name}: ${value}`)
      .join('; ');
    lines.push(`| ${row.scenario} | ${row.approach} | ${figures} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-drift-seeds-'));
  const burstSeed = join(dir, 'burst.json');
  const burstSpokes = writeEstate(burstSeed, { subscriptions: 1, vnetsPerSubscription: burst.vnets, subnetsPerVnet: burst.subnetsPerVnet, drift: () => 'no-route-table' });
  const sweepSeed = join(dir, 'sweep.json');
  const sweepSpokes = writeEstate(sweepSeed, { subscriptions: sweep.subscriptions, vnetsPerSubscription: sweep.vnets, subnetsPerVnet: sweep.subnets });
  log(`seeds in ${dir}`);
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  // --skip-naive: only the app's figures (e.g. while profiling the sandbox with BENCH_CPU_PROF_DIR).
  const skipNaive = process.argv.includes('--skip-naive');
  if (!only || only.includes('A')) {
    await benchAppBurst(burstSeed, burstSpokes);
    if (!skipNaive) await benchNaiveBurst(burstSeed, burstSpokes);
  }
  if (!only || only.includes('B')) await benchSweeps(sweepSeed, sweepSpokes, skipNaive);
  console.log(markdown());
  console.log(`\n${JSON.stringify(rows, null, 2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
