import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureSandboxCertificates } from './certs';
import { parseSandboxArguments, usage, UsageError } from './cliArguments';
import { projectRoot } from './paths';
import { startSandbox } from './sandbox';
import { createBatchedLog } from './batchedLog';

/**
 * `npm start`: runs the app on the local sandbox.
 *
 * Two processes, because the app must trust the emulators' certificate through configuration (NODE_EXTRA_CA_CERTS),
 * which Node reads only at start-up: the launcher generates the certificate, then starts the sandbox process with
 * NODE_EXTRA_CA_CERTS pointing at it. That process hosts the emulators and the app, like the Functions host does.
 */
const childMarker = 'EGRESS_GUARD_SANDBOX_CHILD';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(usage);
    return;
  }
  const args = parseSandboxArguments(argv, process.env);
  const root = projectRoot();
  const stateDir = resolve(args.stateDir ?? join(root, '.sandbox'));
  if (process.env[childMarker] !== '1') return launch(stateDir, argv, args.fresh);

  const certDir = join(stateDir, 'certs');
  const tls = { cert: readFileSync(join(certDir, 'server.pem'), 'utf8'), key: readFileSync(join(certDir, 'server-key.pem'), 'utf8'), caCertPath: join(certDir, 'ca.pem') };
  const entryPoint = resolve(root, args.entryPoint ?? mainOfPackage(root));
  const seedPath = resolve(args.seedPath ?? join(root, 'sandbox', 'seed', 'default.json'));
  const started = Date.now();
  const output = createBatchedLog((text) => process.stdout.write(text));
  process.on('exit', () => output.flush());
  const sandbox = await startSandbox({ ...args, stateDir, seedPath, entryPoint, tls, log: (line) => output.log(line) });
  output.flush();
  printEndpoints(sandbox.endpoints, Date.now() - started, join(stateDir, 'endpoints.json'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    output.flush();
    console.log(`\n${signal}: stopping the sandbox...`);
    sandbox.close().then(
      () => {
        output.flush();
        console.log('Sandbox stopped. State kept in', join(stateDir, 'state'), '(npm start resumes it; --fresh starts over).');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function launch(stateDir: string, argv: readonly string[], fresh: boolean): Promise<void> {
  // Reused across restarts (an external client may trust this CA); --fresh makes a new one.
  const certificates = await ensureSandboxCertificates(stateDir, { fresh });
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, [childMarker]: '1', NODE_EXTRA_CA_CERTS: certificates.caCertPath },
  });
  // Ctrl-C reaches both processes (same process group); the child stops cleanly and the launcher follows it.
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function mainOfPackage(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main?: string };
  if (!manifest.main) throw new UsageError('package.json has no "main": the Functions host would not find the app either');
  if (!existsSync(join(root, manifest.main))) throw new UsageError(`${manifest.main} (package.json#main) does not exist: run npm run build first`);
  return manifest.main;
}

function printEndpoints(endpoints: Awaited<ReturnType<typeof startSandbox>>['endpoints'], elapsedInMs: number, file: string): void {
  const lines = [
    '',
    `aks-egress-guard sandbox is ready (${(elapsedInMs / 1000).toFixed(1)} s)`,
    '',
    `  Sandbox page         ${endpoints.functions.page}`,
    `  Functions host       ${endpoints.functions.baseUrl}`,
    ...endpoints.functions.endpoints.map((endpoint) => `    ${describeEndpoint(endpoint)}`),
    `  ARM emulator         ${endpoints.arm.url}   (admin: ${endpoints.arm.adminUrl}, CA: ${endpoints.arm.caCertPath})`,
    `  Log Analytics        ${endpoints.logs.url}   (workspace ${endpoints.logs.workspaceId}; load rows: POST ${endpoints.logs.adminTablesUrl}/<Table>)`,
    `  Teams webhook sink   ${endpoints.teams.messagesUrl}   (GET lists received messages)`,
    `  Durable API          ${endpoints.durable.baseUrl}`,
    `  Event Grid webhook   ${endpoints.eventGrid.webhookUrl.replace(/code=.*/, 'code=<eventgrid key>')}`,
    `  Azurite tables       ${endpoints.azurite.tableEndpoint}`,
    '',
    // Keys are never printed (logs get copied around): they are in the endpoints file, readable by this user only.
    `  Keys (master, function, eventgrid_extension, durabletask_extension): see "keys" in ${file}. Ctrl-C stops.`,
    '',
  ];
  console.log(lines.join('\n'));
}

function describeEndpoint(endpoint: unknown): string {
  const e = endpoint as { name?: string; trigger?: string; url?: string; methods?: string[]; authLevel?: string; schedule?: string };
  const detail = e.url ? `${(e.methods ?? []).join(',')} ${e.url}${e.authLevel ? ` [${e.authLevel}]` : ''}` : e.schedule ? `schedule ${e.schedule}` : '';
  return `${(e.name ?? '?').padEnd(28)} ${(e.trigger ?? '').padEnd(22)} ${detail}`;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(error.message);
  else console.error('The sandbox failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
