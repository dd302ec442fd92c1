import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { loadSeed, type ArmResource } from './emulators/arm';
import { startArmEmulatorInWorker, type ArmEmulatorThread } from './emulators/arm/inWorker';
import { startAzurite, type RunningAzurite } from './emulators/azurite';
import { createDurableRunner, type DurableRunner } from './durable';
import { loadApp } from './host/loadApp';
import { bindingNamesOfType } from './host/invoke';
import { inProcessFunctionApp, type FunctionApp } from './host/functionApp';
import { startWorkerPool, type WorkerPool } from './host/workerPool';
import { startFunctionsHost, type FunctionsHost } from './host/server';
import { reservePort } from './host/reservedPort';
import { completeHostKeys, DURABLE_SYSTEM_KEY, isAuthorized } from './host/keys';
import type { CoreLogger } from './host/functionsCore';
import { createManagedIdentityEndpoint } from './emulators/identity/managedIdentityEndpoint';
import { loadOrCreateAppIdentity, type AppIdentity } from './emulators/identity/appIdentity';
import { appRoleGrants } from './appRole';
import type { LroProfile } from './emulators/arm/lroProfile';
import { startLogsEmulator, type LogsEmulator } from './emulators/logs/emulator';
import { seedFirewallLogs } from './seed/logs/firewallDay';
import { createTeamsSink, TEAMS_SINK_PATH, type TeamsSink } from './emulators/teams/teamsSink';
import { createSandboxPage } from './page/sandboxPage';
import { EventGridDelivery } from './eventGridDelivery';
import { IDLE_PATH, serveIdle } from './durable/idleApi';
import { sandboxPrincipals } from './principals';
import { projectRoot } from './paths';
import { redactUrl } from './limits';

export interface SandboxOptions {
  readonly port: number;
  readonly stateDir: string;
  readonly seedPath: string;
  readonly fresh: boolean;
  readonly timers: boolean;
  readonly initialSweep: boolean;
  /** Worker processes running the app (FUNCTIONS_WORKER_PROCESS_COUNT); 1 = in the sandbox's own process. */
  readonly workers?: number;
  readonly entryPoint: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly tls: { readonly cert: string; readonly key: string; readonly caCertPath: string };
  readonly log: (line: string) => void;
  /** ARM emulator behaviour (see cliArguments.ts); defaults: fast, linked access on, busy resources on. */
  readonly lroProfile?: LroProfile;
  readonly linkedAccess?: boolean;
  /** ARM's check of each operation's own action against the app's role (403 AuthorizationFailed); default on. */
  readonly actionAccess?: boolean;
  readonly linkedScopes?: readonly string[];
  readonly busyResources?: boolean;
}

export interface RunningSandbox {
  readonly endpoints: SandboxEndpoints;
  readonly host: FunctionsHost;
  readonly arm: ArmEmulatorThread;
  readonly durable: DurableRunner;
  readonly teams: TeamsSink;
  /** The worker processes, when the app runs in more than one. */
  readonly workers?: WorkerPool;
  close(): Promise<void>;
}

export type SandboxEndpoints = ReturnType<typeof describeSandbox> & {
  /** The app's worker processes (`--workers N`; with 1 the app runs in the host's own process). */
  readonly workers: { readonly count: number; readonly processIds: readonly number[]; readonly hostProcessId: number; readonly statsUrl: string };
  /** `GET` (master key) answers once nothing is pending: see sandbox/durable/idleApi.ts. */
  readonly idleUrl: string;
};

/** `GET` lists the worker processes and how many invocations of each function each one ran. */
export const WORKER_STATS_PATH = '/_sandbox/workers';

/** The sandbox's Log Analytics workspace id (any GUID works; the emulator serves one workspace). */
export const sandboxWorkspaceId = '3f1e6a52-7c2b-4d8e-9a41-5b0c9d7e2f10';

/**
 * Starts every emulator, sets the app settings to point at them, loads the app's production entry point through the
 * local Functions host and runs it. The order matters: settings are read once when the entry point loads, so every
 * endpoint (and the host's own port) must be known before that.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { log } = options;
  const stateDir = resolve(options.stateDir, 'state');
  if (options.fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const seed = loadSeed(options.seedPath);
  // Listened on first: the app settings carry this URL, and nothing else may take the port meanwhile.
  const reserved = await reservePort({ port: options.port, host: '127.0.0.1' });
  const { port } = reserved;
  const baseUrl = `http://127.0.0.1:${port}`;
  const closers: Array<() => Promise<void>> = [() => reserved.close()];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch((error: unknown) => log(`error while stopping: ${String(error)}`));
  };

  try {
    const azurite = await startAzurite({ location: join(stateDir, 'azurite') });
    closers.push(() => azurite.close());

    const identity = loadOrCreateAppIdentity(options.stateDir);
    const delivery = new EventGridDelivery(log);
    const arm = await startArmEmulatorInWorker({
      tls: options.tls,
      seed,
      statePath: join(stateDir, 'arm.json'),
      onEvent: (event) => delivery.enqueue(event),
      lroProfile: options.lroProfile ?? 'fast',
      serializeNetworkOperations: options.busyResources ?? true,
      linkedAccess: {
        enabled: options.linkedAccess ?? true,
        actions: options.actionAccess ?? true,
        // The app's role as infra/ assigns it, over the settings the app will get (the seed's unless --setting overrides).
        principals: { [identity.objectId]: appRoleGrants({ settings: { ...seedScopeSettings(seed), ...options.settings }, seed, linkedScopes: options.linkedScopes ?? [] }) },
      },
    });
    closers.push(() => arm.close());
    closers.push(async () => delivery.close());

    const logs = await startLogsEmulator({ tls: options.tls });
    closers.push(() => logs.close());
    const seededLogTables = Object.keys(seedFirewallLogs(logs, new Date()));

    const teams = createTeamsSink({ storePath: join(stateDir, 'teams-messages.jsonl') });
    const identityEndpoint = createManagedIdentityEndpoint(undefined, identity);
    const teamsWebhookUrl = `${baseUrl}${TEAMS_SINK_PATH}/sandbox-workflow?sig=sandbox-signature`;

    const workerCount = options.workers ?? 1;
    const appSettings = {
      ...sandboxAppSettings({ seed, arm, logs, azurite, teamsWebhookUrl, baseUrl, port }),
      IDENTITY_ENDPOINT: `${baseUrl}${identityEndpoint.path}`,
      IDENTITY_HEADER: identityEndpoint.header,
      ...options.settings,
      // As the Functions host sets it for its Node workers.
      FUNCTIONS_WORKER_PROCESS_COUNT: String(workerCount),
    };
    Object.assign(process.env, appSettings);

    const coreLog: CoreLogger = (level, category, message) => {
      if (level === 'trace' || level === 'debug') return;
      // redactUrl: a URL with ?code=<key> or the Teams webhook's sig= in an app or host message never reaches the log.
      log(redactUrl(`[${category === 'user' ? 'app' : category}] ${level === 'information' ? '' : `${level}: `}${message}`));
    };
    // One worker: the app in this process, as before (fastest). More: worker processes, each with its own memory.
    let workers: WorkerPool | undefined;
    if (workerCount > 1) {
      workers = await startWorkerPool({ entryPoint: options.entryPoint, count: workerCount, log: coreLog, env: process.env });
      const pool = workers;
      closers.push(() => pool.close());
    }
    const app: FunctionApp = workers ?? inProcessFunctionApp(loadApp(options.entryPoint, coreLog), coreLog);

    const durableTask = durableTaskHostSettings();
    // Chosen before the host starts: the Durable webhook checks the same keys the host hands out.
    const keys = completeHostKeys();
    const durableAccess = { systemKey: keys.systemKeys[DURABLE_SYSTEM_KEY] ?? '', authorize: (key: string | undefined) => isAuthorized(keys, 'system', key, DURABLE_SYSTEM_KEY) };
    const durable = createDurableRunner({
      registrations: () => app.registrations,
      // Activities may take a durable client input (as in Azure, to raise events on other instances): supply it too.
      // Orchestrator and activity executions go to the workers like any invocation; the runner's state stays here.
      invoke: (registration, inputData) =>
        app.invoke(registration, {
          inputData: [...inputData, ...bindingNamesOfType(registration, 'durableClient').map((name) => ({ name, data: { string: JSON.stringify(durable.clientBindingData(baseUrl)) } }))],
        }),
      stateDir: join(stateDir, 'durable'),
      taskHub: durableTask.hubName ?? 'TestHubName',
      ...(durableTask.maxConcurrentActivityFunctions === undefined ? {} : { maxConcurrentActivities: durableTask.maxConcurrentActivityFunctions }),
      log: (level, message) => log(redactUrl(`[durable] ${level === 'information' ? '' : `${level}: `}${message}`)),
    }, durableAccess);

    // Set once the host is up: the idle route counts its invocations in flight (HTTP, Event Grid, timers, admin runs).
    let invocationsInFlight = () => 0;
    const approver = sandboxPrincipals.approver;
    const host: FunctionsHost = await startFunctionsHost({
      core: app,
      reserved,
      keys,
      log: coreLog,
      timers: { enabled: options.timers },
      extraInputs: (bindingType) =>
        bindingType.toLowerCase() === 'durableclient' ? { string: JSON.stringify(durable.clientBindingData(baseUrl)) } : undefined,
      mounts: [
        (req, res) => durable.handleHttp(req, res),
        (req, res) =>
          serveIdle(req, res, durable, {
            authorize: (key) => isAuthorized(keys, 'admin', key),
            otherWork: () => [
              ...(delivery.pendingCount > 0 ? [`${delivery.pendingCount} Event Grid delivery(ies) pending`] : []),
              ...(invocationsInFlight() > 0 ? [`${invocationsInFlight()} function invocation(s) running`] : []),
            ],
          }),
        async (req, res) => serveWorkerStats(req, res, workerCount, workers),
        (req, res) => identityEndpoint.handle(req, res),
        async (req, res) => teams.handle(req, res),
        async (req, res) => page.handle(req, res),
      ],
    });
    closers.push(() => host.close());
    invocationsInFlight = () => host.invocationsInFlight();
    const functionKey = Object.values(host.keys.functionKeys)[0] ?? '';
    const appGet = async (path: string, principal?: string) => {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { 'x-functions-key': functionKey, ...(principal ? { 'x-ms-client-principal': principal } : {}) },
      });
      return response.ok ? ((await response.json()) as unknown) : { error: `GET ${path} answered ${response.status}` };
    };
    const page = createSandboxPage({
      teamsSink: teams,
      getCompliance: () => appGet('/api/compliance'),
      getPosture: () => appGet('/api/posture'),
      getRuleRequests: () => appGet('/api/rule-requests?status=pending-approval', approver.header),
      getTeamsOutbox: () => appGet('/api/teams-outbox'),
      functionsBaseUrl: '',
      approverClientPrincipal: approver.header,
      // No function key: the page's state is served to any local browser; decisions go through the review route.
    });

    await durable.start();
    closers.push(() => durable.stop());
    delivery.attach(host, 'driftEvents');
    if (options.initialSweep && app.registrations.has('driftsweep')) {
      // The seed starts with drift; sweeping once at start shows the guard at work without waiting for the schedule.
      void host.runTimer('driftSweep').catch((error: unknown) => log(`initial sweep failed: ${String(error)}`));
    }

    const endpoints = {
      ...describeSandbox({ host, arm, logs, azurite, teamsWebhookUrl, baseUrl, caCertPath: options.tls.caCertPath, seededLogTables, appSettings, identity, options }),
      workers: { count: workerCount, processIds: workers?.processIds() ?? [process.pid], hostProcessId: process.pid, statsUrl: `${baseUrl}${WORKER_STATS_PATH}` },
      idleUrl: `${baseUrl}${IDLE_PATH}`,
    };
    writeFileSync(join(options.stateDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
    return { endpoints, host, arm, durable, teams, ...(workers ? { workers } : {}), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function serveWorkerStats(req: IncomingMessage, res: ServerResponse, count: number, workers: WorkerPool | undefined): Promise<boolean> {
  if (new URL(req.url ?? '/', 'http://sandbox').pathname !== WORKER_STATS_PATH) return false;
  const body = JSON.stringify({ count, workers: workers?.stats() ?? [{ index: 0, pid: process.pid, inProcess: true }] });
  res.writeHead(req.method === 'GET' ? 200 : 405, { 'content-type': 'application/json; charset=utf-8' }).end(req.method === 'GET' ? body : '');
  return true;
}

interface SettingsInputs {
  readonly seed: readonly ArmResource[];
  readonly arm: ArmEmulatorThread;
  readonly logs: LogsEmulator;
  readonly azurite: RunningAzurite;
  readonly teamsWebhookUrl: string;
  readonly baseUrl: string;
  readonly port: number;
}

/** The app settings the sandbox gives the app: the seed's subscriptions and firewalls, and every emulator's address. */
function sandboxAppSettings({ seed, arm, logs, azurite, teamsWebhookUrl, baseUrl, port }: SettingsInputs): Record<string, string> {
  return {
    ...seedScopeSettings(seed),
    // The sandbox shows remediation happening; real deployments start in audit (the app's default).
    GUARD_MODE: 'enforce',
    ARM_ENDPOINT: arm.url,
    LOGS_ENDPOINT: `${logs.url}/v1`,
    LOG_ANALYTICS_WORKSPACE_ID: sandboxWorkspaceId,
    TEAMS_WEBHOOK_URL: teamsWebhookUrl,
    AzureWebJobsStorage: azurite.connectionString,
    PUBLIC_BASE_URL: baseUrl,
    // durable-functions builds its management URLs from WEBSITE_HOSTNAME.
    WEBSITE_HOSTNAME: `127.0.0.1:${port}`,
    APPROVER_GROUP_IDS: sandboxPrincipals.approverGroupId,
    // The sandbox plays an App Service with App Service Authentication on (as infra/ deploys it): callers' principals
    // stand for the headers Easy Auth would inject. --setting WEBSITE_AUTH_ENABLED=False shows the fail-closed app.
    WEBSITE_AUTH_ENABLED: 'True',
  };
}

interface DescribeInputs extends Omit<SettingsInputs, 'seed' | 'port'> {
  readonly host: FunctionsHost;
  readonly caCertPath: string;
  readonly seededLogTables: readonly string[];
  readonly appSettings: Readonly<Record<string, string>>;
  readonly identity: AppIdentity;
  readonly options: SandboxOptions;
}

function describeSandbox({ host, arm, logs, azurite, teamsWebhookUrl, baseUrl, caCertPath, seededLogTables, appSettings, identity, options }: DescribeInputs) {
  return {
    // The app's managed identity: its writes carry appId/objectId in ARM events (data.claims appid /
    // objectidentifier); endpoint + header are what DefaultAzureCredential uses, so a shell (the audit) acts as the app.
    identity: {
      appId: identity.appId,
      objectId: identity.objectId,
      tenantId: identity.tenantId,
      endpoint: appSettings.IDENTITY_ENDPOINT ?? '',
      header: appSettings.IDENTITY_HEADER ?? '',
    },
    functions: { baseUrl, page: `${baseUrl}/`, endpoints: host.listEndpoints() },
    keys: {
      master: host.keys.master,
      function: Object.values(host.keys.functionKeys)[0] ?? '',
      eventGrid: host.keys.systemKeys.eventgrid_extension ?? '',
      durable: host.keys.systemKeys[DURABLE_SYSTEM_KEY] ?? '',
    },
    arm: {
      url: arm.url,
      adminUrl: `${arm.url}/_sandbox`,
      caCertPath,
      subscriptionIds: appSettings.GUARDED_SUBSCRIPTION_IDS?.split(',') ?? [],
      lroProfile: options.lroProfile ?? 'fast',
      linkedAccess: options.linkedAccess ?? true,
      actionAccess: options.actionAccess ?? true,
      busyResources: options.busyResources ?? true,
    },
    logs: { url: `${logs.url}/v1`, workspaceId: sandboxWorkspaceId, adminTablesUrl: `${logs.url}/admin/tables`, seededTables: seededLogTables },
    teams: { webhookUrl: teamsWebhookUrl, messagesUrl: `${baseUrl}${TEAMS_SINK_PATH}` },
    durable: { baseUrl: `${baseUrl}/runtime/webhooks/durabletask` },
    eventGrid: { webhookUrl: `${baseUrl}/runtime/webhooks/eventgrid?functionName=driftEvents&code=${host.keys.systemKeys.eventgrid_extension ?? ''}` },
    azurite: { tableEndpoint: azurite.tableEndpoint, connectionString: azurite.connectionString },
    principals: { requester: sandboxPrincipals.requester.header, approver: sandboxPrincipals.approver.header },
    appSettings: Object.fromEntries(Object.entries(appSettings).filter(([name]) => name !== 'IDENTITY_HEADER')),
  };
}

/** The guarded subscriptions and hub firewalls of the seed, as the app settings naming them. */
function seedScopeSettings(seed: readonly ArmResource[]): { GUARDED_SUBSCRIPTION_IDS: string; FIREWALL_RESOURCE_IDS: string } {
  const firewalls = seed.filter((resource) => resource.type.toLowerCase() === 'microsoft.network/azurefirewalls').map((resource) => resource.id);
  return { GUARDED_SUBSCRIPTION_IDS: seedSubscriptions(seed).join(','), FIREWALL_RESOURCE_IDS: firewalls.join(',') };
}

function seedSubscriptions(seed: readonly ArmResource[]): string[] {
  const subscriptions = new Set<string>();
  for (const resource of seed) {
    const match = /^\/subscriptions\/([^/]+)\//i.exec(resource.id);
    if (match?.[1]) subscriptions.add(match[1].toLowerCase());
  }
  return [...subscriptions];
}

interface DurableTaskHostSettings {
  readonly hubName?: string;
  readonly maxConcurrentActivityFunctions?: number;
}

/** host.json `extensions.durableTask`: the hub name and activity concurrency, as the real extension reads them. */
function durableTaskHostSettings(): DurableTaskHostSettings {
  const hostJson = JSON.parse(readFileSync(join(projectRoot(), 'host.json'), 'utf8')) as { extensions?: { durableTask?: DurableTaskHostSettings } };
  return hostJson.extensions?.durableTask ?? {};
}

