import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../paths';

/** Azurite's documented development account; public, the same on every machine. */
export const DEVSTORE_ACCOUNT = 'devstoreaccount1';
export const DEVSTORE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Directory for Azurite's data and debug files (created if missing). */
  readonly location: string;
  /** Drops Azurite's access log (default true). */
  readonly silent?: boolean;
  /** Rejects start() when Azurite is not listening by then (default 20 s). */
  readonly startTimeoutInMs?: number;
}

export interface RunningAzurite {
  readonly connectionString: string;
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
  /** Azurite's process id (crash tests kill it). */
  readonly pid: number | undefined;
  /** Stops Azurite and waits for the process to exit. */
  close(): Promise<void>;
}

const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)/g;

/**
 * Starts Azurite (blob, queue, table) on 127.0.0.1 as a child process of the current Node. Ports are 0, so the OS
 * picks free ones and Azurite prints the real addresses, which are read from its output: no pick-then-bind race.
 * Telemetry is disabled so nothing leaves the machine.
 */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  await mkdir(options.location, { recursive: true });
  const bin = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const args = [
    // Acknowledged writes reach the disk before their answer (see azuriteDurableWrites.ts).
    '--require',
    durableWritesPreload(),
    bin,
    ...['--blobHost', '127.0.0.1', '--blobPort', '0', '--queueHost', '127.0.0.1', '--queuePort', '0'],
    ...['--tableHost', '127.0.0.1', '--tablePort', '0', '--location', options.location],
    '--skipApiVersionCheck',
    '--loose',
    '--disableTelemetry',
    ...(options.silent === false ? [] : ['--silent']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const endpoints = await waitForEndpoints(child, options.startTimeoutInMs ?? 20_000);
    return {
      ...endpoints,
      connectionString: connectionStringFor(endpoints),
      pid: child.pid,
      close: () => stop(child),
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** The compiled preload: next to this file in build/, or build/sandbox/emulators/ when this runs from source (jest). */
function durableWritesPreload(): string {
  const beside = path.join(__dirname, 'azuriteDurableWrites.js');
  if (existsSync(beside)) return beside;
  const built = path.join(projectRoot(), 'build', 'sandbox', 'emulators', 'azuriteDurableWrites.js');
  if (existsSync(built)) return built;
  throw new Error(`${built} is missing: run npm run build first`);
}

type Endpoints = Pick<RunningAzurite, 'blobEndpoint' | 'queueEndpoint' | 'tableEndpoint'>;

export function connectionStringFor(endpoints: Endpoints): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEVSTORE_ACCOUNT}`,
    `AccountKey=${DEVSTORE_KEY}`,
    `BlobEndpoint=${endpoints.blobEndpoint}`,
    `QueueEndpoint=${endpoints.queueEndpoint}`,
    `TableEndpoint=${endpoints.tableEndpoint}`,
  ].join(';') + ';';
}

function waitForEndpoints(child: ChildProcess, timeoutInMs: number): Promise<Endpoints> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, string>();
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${timeoutInMs} ms. Output:\n${output}`)), timeoutInMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const match of output.matchAll(LISTENING)) found.set(match[1] ?? '', `${match[2]}/${DEVSTORE_ACCOUNT}`);
      const [blob, queue, table] = [found.get('Blob'), found.get('Queue'), found.get('Table')];
      if (blob && queue && table) {
        cleanup();
        resolve({ blobEndpoint: blob, queueEndpoint: queue, tableEndpoint: table });
      }
    };
    const onExit = (code: number | null) => fail(new Error(`Azurite exited (code ${code}) before listening. Output:\n${output}`));
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining so a chatty Azurite never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM (Azurite closes its servers), then SIGKILL if it is still there after 5 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
