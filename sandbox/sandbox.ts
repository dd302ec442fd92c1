import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { loadSeed, type ArmResource } from './arm';
import { startArmEmulatorInWorker, type ArmEmulatorThread } from './arm/inWorker';
import { startAzurite, type RunningAzurite } from './azurite';
import { createDurableRunner, type DurableRunner } from './durable';
import { loadApp } from './host/loadApp';
import { bindingNamesOfType, invokeRegisteredFunction } from './host/invoke';
import { startFunctionsHost, type FunctionsHost } from './host/server';
import { completeHostKeys, DURABLE_SYSTEM_KEY, isAuthorized } from './host/keys';
import type { CoreLogger } from './host/functionsCore';
import { createManagedIdentityEndpoint } from './identity/managedIdentityEndpoint';
import { startLogsEmulator, type LogsEmulator } from './logs/emulator';
import { seedFirewallLogs } from './seed/logs/firewallDay';
import { createTeamsSink, TEAMS_SINK_PATH, type TeamsSink } from './teams/teamsSink';
import { createSandboxPage } from './page/sandboxPage';
import { EventGridDelivery } from './eventGridDelivery';
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
  readonly entryPoint: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly tls: { readonly cert: string; readonly key: string; readonly caCertPath: string };
  readonly log: (line: string) => void;
}

export interface RunningSandbox {
  readonly endpoints: SandboxEndpoints;
  readonly host: FunctionsHost;
  readonly arm: ArmEmulatorThread;
  readonly durable: DurableRunner;
  readonly teams: TeamsSink;
  close(): Promise<void>;
}

export type SandboxEndpoints = ReturnType<typeof describeSandbox>;

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
  const port = options.port === 0 ? await freePort() : options.port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch((error: unknown) => log(`error while stopping: ${String(error)}`));
  };

  try {
    const azurite = await startAzurite({ location: join(stateDir, 'azurite') });
    closers.push(() => azurite.close());

    const delivery = new EventGridDelivery(log);
    const arm = await startArmEmulatorInWorker({
      tls: options.tls,
      seed,
      statePath: join(stateDir, 'arm.json'),
      onEvent: (event) => delivery.enqueue(event),
    });
    closers.push(() => arm.close());
    closers.push(async () => delivery.close());

    const logs = await startLogsEmulator({ tls: options.tls });
    closers.push(() => logs.close());
    const seededLogTables = Object.keys(seedFirewallLogs(logs, new Date()));

    const teams = createTeamsSink({ storePath: join(stateDir, 'teams-messages.jsonl') });
    const identity = createManagedIdentityEndpoint();
    const teamsWebhookUrl = `${baseUrl}${TEAMS_SINK_PATH}/sandbox-workflow?sig=sandbox-signature`;

    const appSettings = {
      ...sandboxAppSettings({ seed, arm, logs, azurite, teamsWebhookUrl, baseUrl, port }),
      IDENTITY_ENDPOINT: `${baseUrl}${identity.path}`,
      IDENTITY_HEADER: identity.header,
      ...options.settings,
    };
    Object.assign(process.env, appSettings);

    const coreLog: CoreLogger = (level, category, message) => {
      if (level === 'trace' || level === 'debug') return;
      // redactUrl: a URL with ?code=<key> or the Teams webhook's sig= in an app or host message never reaches the log.
      log(redactUrl(`[${category === 'user' ? 'app' : category}] ${level === 'information' ? '' : `${level}: `}${message}`));
    };
    const core = loadApp(options.entryPoint, coreLog);

    const durableTask = durableTaskHostSettings();
    // Chosen before the host starts: the Durable webhook checks the same keys the host hands out.
    const keys = completeHostKeys();
    const durableAccess = { systemKey: keys.systemKeys[DURABLE_SYSTEM_KEY] ?? '', authorize: (key: string | undefined) => isAuthorized(keys, 'system', key, DURABLE_SYSTEM_KEY) };
    const durable = createDurableRunner({
      registrations: () => core.registrations,
      // Activities may take a durable client input (as in Azure, to raise events on other instances): supply it too.
      invoke: (registration, inputData) =>
        invokeRegisteredFunction(
          core,
          registration,
          { inputData: [...inputData, ...bindingNamesOfType(registration, 'durableClient').map((name) => ({ name, data: { string: JSON.stringify(durable.clientBindingData(baseUrl)) } }))] },
          coreLog,
        ),
      stateDir: join(stateDir, 'durable'),
      taskHub: durableTask.hubName ?? 'TestHubName',
      ...(durableTask.maxConcurrentActivityFunctions === undefined ? {} : { maxConcurrentActivities: durableTask.maxConcurrentActivityFunctions }),
      log: (level, message) => log(redactUrl(`[durable] ${level === 'information' ? '' : `${level}: `}${message}`)),
    }, durableAccess);

    const approver = sandboxPrincipals.approver;
    const host: FunctionsHost = await startFunctionsHost({
      core,
      port,
      keys,
      log: coreLog,
      timers: { enabled: options.timers },
      extraInputs: (bindingType) =>
        bindingType.toLowerCase() === 'durableclient' ? { string: JSON.stringify(durable.clientBindingData(baseUrl)) } : undefined,
      mounts: [
        (req, res) => durable.handleHttp(req, res),
        (req, res) => identity.handle(req, res),
        async (req, res) => teams.handle(req, res),
        async (req, res) => page.handle(req, res),
      ],
    });
    closers.push(() => host.close());
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
      getRuleRequests: () => appGet('/api/rule-requests?status=pending-approval', approver.header),
      functionsBaseUrl: '',
      approverClientPrincipal: approver.header,
      // No function key: the page's state is served to any local browser; decisions go through the review route.
    });

    await durable.start();
    closers.push(() => durable.stop());
    delivery.attach(host, 'driftEvents');
    if (options.initialSweep && core.registrations.has('driftsweep')) {
      // The seed starts with drift; sweeping once at start shows the guard at work without waiting for the schedule.
      void host.runTimer('driftSweep').catch((error: unknown) => log(`initial sweep failed: ${String(error)}`));
    }

    const endpoints = describeSandbox({ host, arm, logs, azurite, teamsWebhookUrl, baseUrl, caCertPath: options.tls.caCertPath, seededLogTables, appSettings });
    writeFileSync(join(options.stateDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
    return { endpoints, host, arm, durable, teams, close };
  } catch (error) {
    await close();
    throw error;
  }
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
  const subscriptions = new Set<string>();
  const firewalls: string[] = [];
  for (const resource of seed) {
    const match = /^\/subscriptions\/([^/]+)\//i.exec(resource.id);
    if (match?.[1]) subscriptions.add(match[1].toLowerCase());
    if (resource.type.toLowerCase() === 'microsoft.network/azurefirewalls') firewalls.push(resource.id);
  }
  return {
    GUARDED_SUBSCRIPTION_IDS: [...subscriptions].join(','),
    FIREWALL_RESOURCE_IDS: firewalls.join(','),
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
}

function describeSandbox({ host, arm, logs, azurite, teamsWebhookUrl, baseUrl, caCertPath, seededLogTables, appSettings }: DescribeInputs) {
  return {
    functions: { baseUrl, page: `${baseUrl}/`, endpoints: host.listEndpoints() },
    keys: {
      master: host.keys.master,
      function: Object.values(host.keys.functionKeys)[0] ?? '',
      eventGrid: host.keys.systemKeys.eventgrid_extension ?? '',
      durable: host.keys.systemKeys[DURABLE_SYSTEM_KEY] ?? '',
    },
    arm: { url: arm.url, adminUrl: `${arm.url}/_sandbox`, caCertPath, subscriptionIds: appSettings.GUARDED_SUBSCRIPTION_IDS?.split(',') ?? [] },
    logs: { url: `${logs.url}/v1`, workspaceId: sandboxWorkspaceId, adminTablesUrl: `${logs.url}/admin/tables`, seededTables: seededLogTables },
    teams: { webhookUrl: teamsWebhookUrl, messagesUrl: `${baseUrl}${TEAMS_SINK_PATH}` },
    durable: { baseUrl: `${baseUrl}/runtime/webhooks/durabletask` },
    eventGrid: { webhookUrl: `${baseUrl}/runtime/webhooks/eventgrid?functionName=driftEvents&code=${host.keys.systemKeys.eventgrid_extension ?? ''}` },
    azurite: { tableEndpoint: azurite.tableEndpoint, connectionString: azurite.connectionString },
    principals: { requester: sandboxPrincipals.requester.header, approver: sandboxPrincipals.approver.header },
    appSettings: Object.fromEntries(Object.entries(appSettings).filter(([name]) => name !== 'IDENTITY_HEADER')),
  };
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

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
