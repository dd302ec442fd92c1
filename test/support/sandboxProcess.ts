import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { SandboxEndpoints } from '../../sandbox/sandbox';

const root = join(__dirname, '..', '..');

export interface SandboxProcessOptions {
  /** Extra `--setting NAME=VALUE` app settings. */
  readonly settings?: Readonly<Record<string, string>>;
  readonly seedPath?: string;
  /** Reuse a state directory (restart tests); a fresh temp dir otherwise. */
  readonly stateDir?: string;
  readonly fresh?: boolean;
  readonly initialSweep?: boolean;
  readonly timers?: boolean;
  /** `--workers N`: the app in N worker processes. */
  readonly workers?: number;
  readonly readyTimeoutInMs?: number;
  /** More command-line options, e.g. ['--lro-profile', 'azure'] or ['--no-linked-access']. */
  readonly extraArgs?: readonly string[];
  /** Its own process group, so kill() can SIGKILL the launcher, the sandbox and Azurite at once (crash tests). */
  readonly killable?: boolean;
}

export interface SandboxProcess {
  readonly endpoints: SandboxEndpoints;
  readonly stateDir: string;
  /** Everything the sandbox printed so far (stdout and stderr). */
  output(): string;
  /** Ctrl-C, as a user would; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** kill -9 of the whole process group (launcher, sandbox, Azurite): nothing gets to flush. Needs `killable`. */
  kill(): Promise<void>;
  /** GET/POST a path on the functions host with the function key. */
  callFunction(path: string, init?: RequestInit): Promise<Response>;
  /** Runs a non-HTTP function now through the host's admin API. */
  runFunction(name: string, input?: unknown): Promise<Response>;
  /**
   * Resolves once the sandbox is idle: no orchestration episode, activity, unprocessed event or Event Grid delivery
   * pending, and no durable timer due within `timerHorizonMs` (default 30 s, beyond every settle window). Throws,
   * naming the pending work, if that does not happen within `timeoutMs`. Use it instead of sleeping and checking
   * that nothing happened: nothing can happen after it unless the test acts.
   */
  idle(options?: { timerHorizonMs?: number; timeoutMs?: number }): Promise<void>;
}

/**
 * Starts `node build/sandbox/cli.js` (what `npm start` runs; SANDBOX_ENTRY=dist/index.js makes it load the bundle)
 * on free ports in its own state directory, waits until it is ready, and makes this test process trust its CA so
 * the real Azure SDK clients can talk to its emulators.
 */
export async function startSandboxProcess(options: SandboxProcessOptions = {}): Promise<SandboxProcess> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'egress-guard-sandbox-'));
  const args = [join(root, 'build', 'sandbox', 'cli.js'), '--port', '0', '--state', stateDir];
  if (options.fresh ?? options.stateDir === undefined) args.push('--fresh');
  if (options.initialSweep === false) args.push('--no-initial-sweep');
  if (options.timers === false) args.push('--no-timers');
  if (options.seedPath) args.push('--seed', options.seedPath);
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  for (const [name, value] of Object.entries(options.settings ?? {})) args.push('--setting', `${name}=${value}`);
  args.push(...(options.extraArgs ?? []));
  const endpointsPath = join(stateDir, 'endpoints.json');
  rmSync(endpointsPath, { force: true });
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: options.killable === true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes('sandbox is ready') && existsSync(endpointsPath), child, () => output, options.readyTimeoutInMs ?? 45_000);
  const endpoints = JSON.parse(readFileSync(endpointsPath, 'utf8')) as SandboxEndpoints;
  trustCa(endpoints.arm.caCertPath);
  return {
    endpoints,
    stateDir,
    output: () => output,
    stop: () => stopChild(child),
    kill: () => killGroup(child).then(() => undefined),
    callFunction: (path, init = {}) =>
      fetch(`${endpoints.functions.baseUrl}${path}`, { ...init, headers: { 'x-functions-key': endpoints.keys.function, ...(init.headers as Record<string, string> | undefined) } }),
    runFunction: (name, input) =>
      fetch(`${endpoints.functions.baseUrl}/admin/functions/${name}`, {
        method: 'POST',
        headers: { 'x-functions-key': endpoints.keys.master, 'content-type': 'application/json' },
        body: JSON.stringify(input === undefined ? {} : { input: typeof input === 'string' ? input : JSON.stringify(input) }),
      }),
    idle: async ({ timerHorizonMs = 30_000, timeoutMs = 60_000 } = {}) => {
      const response = await fetch(`${endpoints.idleUrl}?timerHorizonMs=${timerHorizonMs}&timeoutMs=${timeoutMs}`, { headers: { 'x-functions-key': endpoints.keys.master } });
      if (response.status !== 200) throw new Error(`The sandbox did not become idle within ${timeoutMs} ms (${response.status}): ${await response.text()}`);
    },
  };
}

const trusted = new Set<string>();
function trustCa(caCertPath: string): void {
  const pem = readFileSync(caCertPath, 'utf8');
  if (trusted.has(pem)) return;
  trusted.add(pem);
  setDefaultCACertificates([...getCACertificates('default'), ...trusted]);
}

async function waitFor(condition: () => boolean, child: ChildProcess, output: () => string, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`The sandbox exited with ${child.exitCode} before it was ready:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The sandbox was not ready within ${timeoutInMs} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGKILL to the child's process group (it was spawned detached: the group is its own), then wait until it is gone. */
async function killGroup(child: ChildProcess): Promise<number | null> {
  if (child.pid === undefined) return null;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
  // Azurite (same group) dies with it; give the OS a moment to release its files and ports.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return null;
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGINT');
  });
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutInMs` with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutInMs = 20_000, intervalInMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutInMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalInMs));
  }
}

/** A bearer-token credential for SDK clients talking to the sandbox (the emulators accept any token). */
export const sandboxCredential = {
  getToken: async () => ({ token: 'e2e-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
