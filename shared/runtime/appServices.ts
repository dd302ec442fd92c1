import type { TableClient } from '@azure/data-tables';
import { loadSettings, type Settings } from '../config/settings';
import { createArmClients, type ArmClients, type TokenCredential } from '../azure/arm/armClients';
import { createCredential } from '../azure/credential';
import { createNetworkAdapter, type NetworkAdapter } from '../azure/network';
import { ComplianceStore } from '../azure/tables/complianceStore';
import { WriteLedger } from '../azure/tables/writeLedger';
import { RepairLedger } from '../azure/tables/repairLedger';
import { selfIdentityOf, type SelfIdentity } from '../azure/selfIdentity';
import { createTeamsPoster, withTeamsOutbox, type TeamsPoster } from '../azure/teams';
import { TeamsOutbox } from '../azure/tables/teamsOutbox';
import { createTableClient, type TableConnection } from '../azure/tables/createTableClient';

/**
 * Everything the functions share, built once per process and lazily: a function that never touches ARM never loads
 * the ARM SDKs (cold start), and settings are validated once, at first use from the entry point.
 */
export interface AppServices {
  readonly settings: Settings;
  readonly credential: TokenCredential;
  readonly arm: ArmClients;
  readonly network: NetworkAdapter;
  readonly compliance: ComplianceStore;
  readonly writeLedger: WriteLedger;
  /** Posts to Teams; what Teams does not take goes to the Teams outbox (retried by teamsOutboxTimer). */
  readonly teams: TeamsPoster;
  readonly teamsOutbox: TeamsOutbox;
  /** Repairs per resource property in a sliding window (fight detection, table storage). */
  readonly repairLedger: RepairLedger;
  /** Who the app is in ARM's eyes (oid/appid of its own token); undefined when the token says nothing. Asked once. */
  selfIdentity(): Promise<SelfIdentity | undefined>;
  table(name: string): TableClient;
}

export const tableNames = {
  compliance: 'EgressGuardCompliance',
  writeLedger: 'EgressGuardWriteLedger',
  repairLedger: 'EgressGuardRepairLedger',
  ruleRequests: 'EgressGuardRuleRequests',
  reportState: 'EgressGuardReportState',
  teamsOutbox: 'EgressGuardTeamsOutbox',
} as const;

let settingsCache: Settings | undefined;
let servicesCache: AppServices | undefined;

/** The validated settings; throws SettingsError (naming every bad setting) the first time if any is wrong. */
export function appSettings(): Settings {
  settingsCache ??= loadSettings(process.env);
  return settingsCache;
}

const lazy = <T>(create: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= create());
};

export function appServices(): AppServices {
  if (servicesCache) return servicesCache;
  const settings = appSettings();
  const credential = lazy(() => createCredential(settings));
  const arm = lazy(() => createArmClients({ credential: credential(), armEndpoint: settings.armEndpoint }));
  const network = lazy(() => createNetworkAdapter(arm(), settings));
  const tables = new Map<string, TableClient>();
  const table = (name: string) => {
    let client = tables.get(name);
    if (!client) {
      client = createTableClient(tableConnection(settings, credential), name);
      tables.set(name, client);
    }
    return client;
  };
  const compliance = lazy(() => new ComplianceStore(table(tableNames.compliance)));
  const writeLedger = lazy(() => new WriteLedger(table(tableNames.writeLedger), settings.changeBudgetPerHour));
  const logger = { info: (message: string) => console.info(message), warn: (message: string) => console.warn(message), error: (message: string) => console.error(message) };
  const teamsOutbox = lazy(() => new TeamsOutbox(table(tableNames.teamsOutbox)));
  const repairLedger = lazy(() => new RepairLedger(table(tableNames.repairLedger)));
  let self: Promise<SelfIdentity | undefined> | undefined;
  const selfIdentity = () => {
    // A token failure is not cached: the next event asks again.
    self ??= selfIdentityOf(credential(), settings.armEndpoint).catch((error: unknown) => {
      self = undefined;
      throw error;
    });
    return self;
  };
  const teams = lazy(() =>
    withTeamsOutbox(createTeamsPoster({ ...(settings.teamsWebhookUrl ? { webhookUrl: settings.teamsWebhookUrl } : {}), logger }), teamsOutbox, {
      logger,
      firstRetryDelayInMs: settings.teamsOutboxRetryDelay,
    }),
  );
  servicesCache = {
    settings,
    get credential() {
      return credential();
    },
    get arm() {
      return arm();
    },
    get network() {
      return network();
    },
    get compliance() {
      return compliance();
    },
    get writeLedger() {
      return writeLedger();
    },
    get teams() {
      return teams();
    },
    get teamsOutbox() {
      return teamsOutbox();
    },
    get repairLedger() {
      return repairLedger();
    },
    selfIdentity,
    table,
  };
  return servicesCache;
}

function tableConnection(settings: Settings, credential: () => TokenCredential): TableConnection {
  if (settings.storageConnection) return { connectionString: settings.storageConnection };
  // Identity-based storage (AzureWebJobsStorage__accountName): the same managed identity as everything else.
  return { accountName: settings.storageAccountName ?? '', credential: credential() as never };
}
