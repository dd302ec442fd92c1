import { lroProfiles, type LroProfile } from './emulators/arm/lroProfile';

/** Command line of `npm start` / `node build/sandbox/cli.js`. */
export interface SandboxArguments {
  /** Functions host port (the real host's default is 7071; 0 = any free port). */
  readonly port: number;
  /** JSON file of ARM resources to load instead of sandbox/seed/default.json. */
  readonly seedPath?: string;
  /** Where state, certificates and endpoints.json go. */
  readonly stateDir?: string;
  /** Start from the seed again instead of resuming the previous run's state. */
  readonly fresh: boolean;
  /** Extra app settings (`--setting NAME=value`), applied over the sandbox's defaults. */
  readonly settings: Readonly<Record<string, string>>;
  /** Load this entry point instead of package.json#main (e.g. dist/index.js, the bundle). */
  readonly entryPoint?: string;
  readonly timers: boolean;
  /** Run the drift sweep once at start (default), so the seed's drift is remediated right away. */
  readonly initialSweep: boolean;
  /** How long ARM operations take: `fast` (default) or `azure` (5-15 s, Retry-After: 10). */
  readonly lroProfile: LroProfile;
  /** ARM's linked access check with the app's role loaded (default on). */
  readonly linkedAccess: boolean;
  /** ARM's check of each operation's own action (read/write/delete) against the app's role (default on). */
  readonly actionAccess: boolean;
  /** Scopes outside the guarded subscriptions where the app has the linked resources role (infra's linked_resource_scopes). */
  readonly linkedScopes: readonly string[];
  /** One operation at a time per VNet / route table family (default on). */
  readonly busyResources: boolean;
  /** Worker processes running the app (FUNCTIONS_WORKER_PROCESS_COUNT); 1 runs it in the sandbox's own process. */
  readonly workers: number;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const usage = `Usage: npm start -- [options]
  --seed FILE          load ARM resources from FILE (default: sandbox/seed/default.json)
  --port N             Functions host port (default 7071; 0 = any free port)
  --state DIR          state directory (default: .sandbox)
  --fresh              discard state from the previous run and load the seed again
  --setting NAME=VALUE override an app setting (repeatable), e.g. --setting GUARD_MODE=audit
  --entry FILE         load FILE instead of package.json#main (e.g. dist/index.js)
  --no-timers          do not run timer triggers on their schedules (run them with POST /admin/functions/<name>)
  --no-initial-sweep   do not run the drift sweep once at start
  --lro-profile P      how long ARM writes take: fast (default) or azure (5-15 s, polled with Retry-After: 10)
  --linked-scope SCOPE grant the app join/peer on SCOPE, as infra's linked_resource_scopes does (repeatable)
  --no-linked-access   do not check join/peer permissions of the app's writes (ARM's linked access check)
  --no-action-access   do not check the app's own actions (read/write/delete) against its role (ARM's 403
                       AuthorizationFailed)
  --no-busy-resources  accept concurrent writes to one VNet or route table (Azure answers 429 RetryableError)
  --workers N          run the app in N worker processes (1 to 10, default 1 or $SANDBOX_WORKERS), as
                       FUNCTIONS_WORKER_PROCESS_COUNT
  --help               show this help`;

export function parseSandboxArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): SandboxArguments {
  let port = 7071;
  let seedPath: string | undefined;
  let stateDir: string | undefined;
  let fresh = false;
  let timers = true;
  let initialSweep = true;
  let lroProfile: LroProfile = 'fast';
  let linkedAccess = true;
  let actionAccess = true;
  let busyResources = true;
  const linkedScopes: string[] = [];
  // SANDBOX_WORKERS (like SANDBOX_ENTRY) lets a whole test run use worker processes without changing each test.
  let workers = 1;
  const parseWorkers = (raw: string, from: string) => {
    const count = Number(raw);
    // Azure allows 1 to 10 (FUNCTIONS_WORKER_PROCESS_COUNT).
    if (!/^\d+$/.test(raw) || count < 1 || count > 10) throw new UsageError(`${from} must be a whole number from 1 to 10, got ${JSON.stringify(raw)}`);
    return count;
  };
  if (env.SANDBOX_WORKERS) workers = parseWorkers(env.SANDBOX_WORKERS, 'SANDBOX_WORKERS');
  let entryPoint = env.SANDBOX_ENTRY || undefined;
  const settings: Record<string, string> = {};
  const valueOf = (index: number, flag: string): string => {
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return value;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    switch (flag) {
      case '--seed':
        seedPath = valueOf(index++, flag);
        break;
      case '--port': {
        const raw = valueOf(index++, flag);
        port = Number(raw);
        if (!/^\d+$/.test(raw) || port > 65535) throw new UsageError(`--port must be a port number from 0 to 65535, got ${JSON.stringify(raw)}`);
        break;
      }
      case '--workers': {
        workers = parseWorkers(valueOf(index++, flag), flag);
        break;
      }
      case '--state':
        stateDir = valueOf(index++, flag);
        break;
      case '--entry':
        entryPoint = valueOf(index++, flag);
        break;
      case '--fresh':
        fresh = true;
        break;
      case '--no-timers':
        timers = false;
        break;
      case '--no-initial-sweep':
        initialSweep = false;
        break;
      case '--lro-profile': {
        const raw = valueOf(index++, flag);
        if (!(lroProfiles as readonly string[]).includes(raw)) throw new UsageError(`--lro-profile must be one of ${lroProfiles.join(', ')}, got ${JSON.stringify(raw)}`);
        lroProfile = raw as LroProfile;
        break;
      }
      case '--linked-scope': {
        const raw = valueOf(index++, flag);
        if (!/^\/subscriptions\/[^/]+(\/.+)?$/i.test(raw)) throw new UsageError(`--linked-scope must be a subscription, resource group or resource id, got ${JSON.stringify(raw)}`);
        linkedScopes.push(raw);
        break;
      }
      case '--no-linked-access':
        linkedAccess = false;
        break;
      case '--no-action-access':
        actionAccess = false;
        break;
      case '--no-busy-resources':
        busyResources = false;
        break;
      case '--setting': {
        const raw = valueOf(index++, flag);
        const equals = raw.indexOf('=');
        if (equals <= 0) throw new UsageError(`--setting must look like NAME=value, got ${JSON.stringify(raw)}`);
        settings[raw.slice(0, equals)] = raw.slice(equals + 1);
        break;
      }
      default:
        throw new UsageError(`unknown option ${JSON.stringify(flag)}\n${usage}`);
    }
  }
  return { port, fresh, timers, initialSweep, workers, settings, lroProfile, linkedAccess, actionAccess, linkedScopes, busyResources, ...(seedPath ? { seedPath } : {}), ...(stateDir ? { stateDir } : {}), ...(entryPoint ? { entryPoint } : {}) };
}
