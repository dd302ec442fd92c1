import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { SandboxEndpoints } from '../../sandbox/sandbox';
import { projectRoot } from '../../sandbox/paths';

/** A sandbox started as a child process (what `npm start` runs), for benchmarks. */
export interface BenchSandbox {
  readonly endpoints: SandboxEndpoints;
  output(): string;
  stop(): Promise<void>;
  armAdmin<T>(path: string, method?: string, body?: unknown): Promise<T>;
  durable<T>(path: string): Promise<T>;
  postEvent(event: unknown): Promise<number>;
  runFunction(name: string): Promise<number>;
}

export async function startBenchSandbox(options: {
  seedPath: string;
  settings?: Record<string, string>;
  readyTimeoutInMs?: number;
  /** More sandbox options, e.g. ['--lro-profile', 'azure'] (docs/sandbox.md). */
  extraArgs?: readonly string[];
}): Promise<BenchSandbox> {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-drift-'));
  // BENCH_CPU_PROF_DIR=<dir>: the sandbox (launcher and sandbox process) writes V8 CPU profiles there on exit.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const args = [...nodeArgs, join(projectRoot(), 'build', 'sandbox', 'cli.js'), '--port', '0', '--fresh', '--state', stateDir, '--seed', options.seedPath, '--no-initial-sweep', '--no-timers'];
  for (const [name, value] of Object.entries(options.settings ?? {})) args.push('--setting', `${name}=${value}`);
  args.push(...(options.extraArgs ?? []));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const output = () => chunks.join('');
  const endpointsPath = join(stateDir, 'endpoints.json');
  const deadline = Date.now() + (options.readyTimeoutInMs ?? 120_000);
  while (!(output().includes('sandbox is ready') && existsSync(endpointsPath))) {
    if (child.exitCode !== null) throw new Error(`sandbox exited early:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sandbox not ready in time:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const endpoints = JSON.parse(readFileSync(endpointsPath, 'utf8')) as SandboxEndpoints;
  setDefaultCACertificates([...getCACertificates('default'), readFileSync(endpoints.arm.caCertPath, 'utf8')]);
  const base = endpoints.functions.baseUrl;
  return {
    endpoints,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          rmSync(stateDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGINT');
      }),
    armAdmin: async <T>(path: string, method = 'GET', body?: unknown) => {
      const response = await fetch(`${endpoints.arm.url}/_sandbox/${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      return (response.status === 204 ? undefined : await response.json()) as T;
    },
    durable: async <T>(path: string) => {
      const separator = path.includes('?') ? '&' : '?';
      const response = await fetch(`${base}/runtime/webhooks/durabletask/${path}${separator}code=${endpoints.keys.master}`);
      return (await response.json()) as T;
    },
    postEvent: async (event) => {
      const response = await fetch(`${base}/runtime/webhooks/eventgrid?functionName=driftEvents&code=${endpoints.keys.eventGrid}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
        body: JSON.stringify([event]),
      });
      await response.arrayBuffer();
      return response.status;
    },
    runFunction: async (name) => {
      const response = await fetch(`${base}/admin/functions/${name}`, {
        method: 'POST',
        headers: { 'x-functions-key': endpoints.keys.master, 'content-type': 'application/json' },
        body: '{}',
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface ArmStats {
  total: number;
  byMethod: Record<string, number>;
}

export const readsIn = (stats: ArmStats) => stats.byMethod.GET ?? 0;
export const writesIn = (stats: ArmStats) => stats.total - readsIn(stats);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
