import { z } from 'zod';
import { CronExpressionParser } from 'cron-parser';

/**
 * Every app setting the product reads, in one table: the parser, the default, an example and a description.
 * docs/configuration.md is checked against this table by test/unit/config/configurationDocs.test.ts.
 */
export interface SettingDefinition<T> {
  readonly name: string;
  readonly schema: z.ZodType<T, string>;
  /** Raw string default, parsed like a user value; undefined = required unless `optional`. */
  readonly defaultValue?: string;
  readonly optional?: boolean;
  readonly secret?: boolean;
  readonly example: string;
  readonly expected: string;
  readonly description: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const armIdOf = (type: string) =>
  new RegExp(`^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/${type.replace(/\//g, '\\/')}/[^/]+$`, 'i');

const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((raw) => raw.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(item).min(1, 'at least one value'));

const httpsUrl = z.url({ protocol: /^https$/ }).transform((url) => url.replace(/\/+$/, ''));
const anyUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
/** Six-field NCRONTAB ("sec min hour day month weekday"), as the Functions timer trigger takes it. */
const ncrontab = z.string().refine((value) => {
  if (value.trim().split(/\s+/).length !== 6) return false;
  try {
    CronExpressionParser.parse(value);
    return true;
  } catch {
    return false;
  }
}, 'a six-field NCRONTAB expression');

/** ISO 8601 duration (days, hours, minutes, seconds) -> milliseconds, within [minInMs, maxInMs]. */
const isoDuration = (minInMs: number, maxInMs: number) =>
  z
    .string()
    .regex(/^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i, 'an ISO 8601 duration such as PT72H')
    .refine((value) => !/^PT?$/i.test(value), 'an ISO 8601 duration such as PT72H')
    .transform((value) => {
      const [, days, hours, minutes, seconds] = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value) ?? [];
      return ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000 + Number(seconds ?? 0) * 1000;
    })
    .pipe(z.number().min(minInMs, `at least ${durationText(minInMs)}`).max(maxInMs, `at most ${durationText(maxInMs)}`));

/** For bounds in messages: "1 second(s)", "1 minute(s)", "1 hour(s)", "30 days" (whole units only). */
function durationText(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0 && ms < 86_400_000) return `${ms / 3_600_000} hour(s)`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minute(s)`;
  return `${ms / 1000} second(s)`;
}

// `const` keeps `optional: true` literal, so Settings types optional settings as possibly undefined.
const def = <const D extends SettingDefinition<unknown>>(d: D): D => d;

export const settingDefinitions = {
  guardedSubscriptionIds: def({
    name: 'GUARDED_SUBSCRIPTION_IDS',
    schema: list(z.string().regex(guid, 'a subscription id (GUID)')).transform((ids) => ids.map((id: string) => id.toLowerCase())),
    example: '00000000-0000-0000-0000-000000000001,00000000-0000-0000-0000-000000000002',
    expected: 'comma-separated subscription ids (GUIDs)',
    description: 'Subscriptions whose AKS subnets and VNets are guarded and swept.',
  }),
  firewallResourceIds: def({
    name: 'FIREWALL_RESOURCE_IDS',
    schema: list(z.string().regex(armIdOf('Microsoft.Network/azureFirewalls'), 'an Azure Firewall resource id')),
    example: '/subscriptions/<sub>/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub-westeurope',
    expected: 'comma-separated Azure Firewall resource ids, one per region',
    description:
      "The hub firewalls. A spoke is routed to the firewall in its VNet's region; the firewall's current private IP is read live.",
  }),
  mode: def({
    name: 'GUARD_MODE',
    schema: z.enum(['audit', 'enforce']),
    defaultValue: 'audit',
    example: 'enforce',
    expected: 'audit or enforce',
    description: 'audit reports findings only; enforce also writes. A VNet tag egress-guard-mode overrides it.',
  }),
  aksSubnetPatterns: def({
    name: 'AKS_SUBNET_PATTERNS',
    schema: list(z.string().min(1)),
    defaultValue: 'aks-*',
    example: 'aks-*,*-nodes',
    expected: 'comma-separated glob patterns of subnet names',
    description: 'Subnets guarded before any cluster uses them, when the VNet has no egress-guard-aks-subnets tag.',
  }),
  routeTableStrategy: def({
    name: 'ROUTE_TABLE_STRATEGY',
    schema: z.enum(['per-vnet', 'shared']),
    defaultValue: 'per-vnet',
    example: 'shared',
    expected: 'per-vnet or shared',
    description:
      "per-vnet creates a route table per spoke VNet in the VNet's resource group; shared associates SHARED_ROUTE_TABLE_IDS.",
  }),
  sharedRouteTableIds: def({
    name: 'SHARED_ROUTE_TABLE_IDS',
    schema: list(z.string().regex(armIdOf('Microsoft.Network/routeTables'), 'a route table resource id')),
    optional: true,
    example: '/subscriptions/<sub>/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-aks-westeurope',
    expected: 'comma-separated route table resource ids, one per region',
    description: 'Route tables to associate when ROUTE_TABLE_STRATEGY is shared (required then).',
  }),
  routeTableNamePattern: def({
    name: 'ROUTE_TABLE_NAME_PATTERN',
    schema: z.string().regex(/^[A-Za-z0-9_.{}-]+$/, 'letters, digits, _ . - and the placeholders {vnet} {region}'),
    defaultValue: 'rt-{vnet}-egress',
    example: 'udr-{vnet}',
    expected: 'a route table name with optional {vnet} and {region} placeholders',
    description: 'Name of the per-VNet route table the app creates (per-vnet strategy).',
  }),
  firewallPublicIpRoute: def({
    name: 'ROUTE_FIREWALL_PUBLIC_IP_TO_INTERNET',
    schema: bool,
    defaultValue: 'false',
    example: 'true',
    expected: 'true or false',
    description: "Also add Microsoft's guide route: firewall public IP/32 -> Internet (avoids asymmetric routing for DNAT).",
  }),
  removeBypassRoutes: def({
    name: 'REMOVE_BYPASS_ROUTES',
    schema: bool,
    defaultValue: 'false',
    example: 'true',
    expected: 'true or false',
    description: 'Delete routes that send traffic around the firewall (otherwise they are only reported).',
  }),
  fightLimit: def({
    name: 'FIGHT_LIMIT',
    schema: int(1, 100),
    defaultValue: '3',
    example: '5',
    expected: 'a whole number from 1 to 100',
    description:
      'Repairs of the same property of the same resource allowed within FIGHT_WINDOW; past it the guard stops writing that resource, shows it contested and posts one card naming both writers.',
  }),
  fightWindow: def({
    name: 'FIGHT_WINDOW',
    schema: isoDuration(60_000, 7 * 24 * 3_600_000),
    defaultValue: 'PT1H',
    example: 'PT30M',
    expected: 'an ISO 8601 duration from 1 minute to 7 days, e.g. PT1H',
    description: 'The sliding window FIGHT_LIMIT counts repairs in.',
  }),
  foreignRouteTableAction: def({
    name: 'FOREIGN_ROUTE_TABLE_ACTION',
    schema: z.enum(['repair-in-place', 'report', 'swap']),
    defaultValue: 'repair-in-place',
    example: 'report',
    expected: 'repair-in-place, report or swap',
    description:
      "What enforce does with a non-compliant route table the guard does not own: repair-in-place writes only the offending route or the BGP flag into it; report only reports; swap associates the guard's table instead (never for kubenet clusters). A compliant foreign table is always adopted as is. Unless report, the role (infra foreign_route_table_action) holds routeTables/write and routeTables/routes/write, also with ROUTE_TABLE_STRATEGY=shared.",
  }),
  changeBudgetPerHour: def({
    name: 'CHANGE_BUDGET_PER_HOUR',
    schema: int(1, 10000),
    defaultValue: '60',
    example: '20',
    expected: 'a whole number from 1 to 10000',
    description: 'Maximum ARM writes per hour; past it the app switches itself to audit and says so on Teams.',
  }),
  sweepSchedule: def({
    name: 'SWEEP_SCHEDULE',
    schema: ncrontab,
    defaultValue: '0 0 */6 * * *',
    example: '0 */30 * * * *',
    expected: 'a six-field NCRONTAB expression',
    description: 'When the full compliance sweep runs.',
  }),
  teamsWebhookUrl: def({
    name: 'TEAMS_WEBHOOK_URL',
    schema: anyUrl,
    optional: true,
    secret: true,
    example: '@Microsoft.KeyVault(SecretUri=https://kv-egress-guard.vault.azure.net/secrets/teams-webhook)',
    expected: 'the https URL of a Teams Workflows "When a Teams webhook request is received" trigger',
    description: 'Where notifications and reports are posted. Carries a signature: never logged. Unset = log only.',
  }),
  teamsOutboxSchedule: def({
    name: 'TEAMS_OUTBOX_SCHEDULE',
    schema: ncrontab,
    defaultValue: '0 * * * * *',
    example: '0 */5 * * * *',
    expected: 'a six-field NCRONTAB expression',
    description: 'When the Teams outbox is drained: cards Teams did not take are tried again (each when its back-off is due).',
  }),
  teamsOutboxRetryDelay: def({
    name: 'TEAMS_OUTBOX_RETRY_DELAY',
    schema: isoDuration(1000, 3_600_000),
    defaultValue: 'PT1M',
    example: 'PT5M',
    expected: 'an ISO 8601 duration from PT1S to PT1H',
    description:
      "First retry delay of a queued Teams card; doubles per retry up to an hour (never sooner than Teams' Retry-After). After a day the card is given up and logged.",
  }),
  armEndpoint: def({
    name: 'ARM_ENDPOINT',
    schema: httpsUrl,
    defaultValue: 'https://management.azure.com',
    example: 'https://management.usgovcloudapi.net',
    expected: 'an https URL',
    description: 'Azure Resource Manager endpoint (sovereign clouds, or the sandbox).',
  }),
  logsEndpoint: def({
    name: 'LOGS_ENDPOINT',
    schema: httpsUrl,
    defaultValue: 'https://api.loganalytics.io/v1',
    example: 'https://api.loganalytics.us/v1',
    expected: 'an https URL',
    description: 'Log Analytics query endpoint used by LogsQueryClient.',
  }),
  metricsEndpoint: def({
    name: 'METRICS_ENDPOINT',
    schema: httpsUrl,
    optional: true,
    example: 'https://westeurope.metrics.monitor.azure.com',
    expected: 'an https URL',
    description: 'Azure Monitor metrics endpoint of the firewall region, used when SNAT metrics are not in the workspace.',
  }),
  logAnalyticsWorkspaceId: def({
    name: 'LOG_ANALYTICS_WORKSPACE_ID',
    schema: z.string().regex(guid, 'a workspace id (GUID)'),
    optional: true,
    example: '11111111-2222-3333-4444-555555555555',
    expected: 'the workspace (customer) id GUID',
    description: "The workspace receiving the firewall's diagnostic logs. Unset = the egress report is disabled.",
  }),
  reportSchedule: def({
    name: 'REPORT_SCHEDULE',
    schema: ncrontab,
    defaultValue: '0 0 7 * * 1-5',
    example: '0 30 6 * * *',
    expected: 'a six-field NCRONTAB expression',
    description: 'When the egress report is posted (UTC).',
  }),
  reportLogMode: def({
    name: 'REPORT_LOG_MODE',
    schema: z.enum(['auto', 'resource-specific', 'azure-diagnostics']),
    defaultValue: 'auto',
    example: 'azure-diagnostics',
    expected: 'auto, resource-specific or azure-diagnostics',
    description: 'Which firewall log tables to query; auto detects AZFW* tables and falls back to AzureDiagnostics.',
  }),
  reportMaxWindowDays: def({
    name: 'REPORT_MAX_WINDOW_DAYS',
    schema: int(1, 30),
    defaultValue: '7',
    example: '3',
    expected: 'a whole number from 1 to 30',
    description: 'Longest window a report covers (the window starts at the last successful report).',
  }),
  snatThresholdPercent: def({
    name: 'SNAT_THRESHOLD_PERCENT',
    schema: int(1, 100),
    defaultValue: '80',
    example: '70',
    expected: 'a whole number from 1 to 100',
    description: 'SNAT port utilisation peak above which the report recommends more capacity.',
  }),
  ruleCollectionGroupName: def({
    name: 'RULE_COLLECTION_GROUP_NAME',
    schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'a rule collection group name'),
    defaultValue: 'egress-guard-requests',
    example: 'rcg-self-service',
    expected: 'a rule collection group name (letters, digits, _ . -, up to 80)',
    description: 'The rule collection group the app owns in the firewall policy (created if missing).',
  }),
  ruleCollectionGroupPriority: def({
    name: 'RULE_COLLECTION_GROUP_PRIORITY',
    schema: int(100, 65000),
    defaultValue: '64000',
    example: '500',
    expected: 'a whole number from 100 to 65000',
    description: 'Priority of the owned rule collection group when the app creates it.',
  }),
  firewallPolicyId: def({
    name: 'FIREWALL_POLICY_ID',
    schema: z.string().regex(armIdOf('Microsoft.Network/firewallPolicies'), 'a firewall policy resource id'),
    optional: true,
    example: '/subscriptions/<sub>/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub',
    expected: 'a firewall policy resource id',
    description: 'Policy receiving approved rules. Unset = the policy attached to the first firewall (infra/ resolves the same policy, sets this setting to it and grants the rule-write role there).',
  }),
  approverGroupIds: def({
    name: 'APPROVER_GROUP_IDS',
    schema: list(z.string().regex(guid, 'an Entra group object id (GUID)')),
    optional: true,
    example: '7f9c1a2b-0000-4000-8000-000000000001',
    expected: 'comma-separated Entra group object ids',
    description: 'Members of these groups (groups claim) may approve rule requests.',
  }),
  approverAppRole: def({
    name: 'APPROVER_APP_ROLE',
    schema: z.string().min(1),
    optional: true,
    example: 'EgressGuard.Approver',
    expected: 'an app role value',
    description: 'Holders of this app role (roles claim) may approve rule requests. Unset = no app role approves (only APPROVER_GROUP_IDS).',
  }),
  websiteAuthEnabled: def({
    name: 'WEBSITE_AUTH_ENABLED',
    schema: z.string().regex(/^(true|false)$/i, 'true or false').transform((value) => value.toLowerCase() === 'true'),
    optional: true,
    example: 'True',
    expected: 'True or False (set by App Service)',
    description:
      'Set by App Service: True while App Service Authentication is on (it then strips client-sent x-ms-client-principal headers). Without it (or CLIENT_PRINCIPAL_FROM_FRONT_END) every rule request route refuses callers with 401.',
  }),
  clientPrincipalFromFrontEnd: def({
    name: 'CLIENT_PRINCIPAL_FROM_FRONT_END',
    schema: bool,
    defaultValue: 'false',
    example: 'true',
    expected: 'true or false',
    description:
      'true only when a front end other than App Service Authentication authenticates every request and sets x-ms-client-principal, removing any copy a client sent; the app then trusts the header without WEBSITE_AUTH_ENABLED.',
  }),
  ruleRequestSweepSchedule: def({
    name: 'RULE_REQUEST_SWEEP_SCHEDULE',
    schema: ncrontab,
    defaultValue: '0 */5 * * * *',
    example: '0 */1 * * * *',
    expected: 'a six-field NCRONTAB expression',
    description: 'When the rule request sweep repairs requests whose orchestration is missing, ended or never got its decision.',
  }),
  approvalTimeout: def({
    name: 'APPROVAL_TIMEOUT',
    schema: isoDuration(60_000, 30 * 24 * 3_600_000),
    defaultValue: 'PT72H',
    example: 'P1D',
    expected: 'an ISO 8601 duration from PT1M to P30D (e.g. PT72H, P1D, PT30M)',
    description: 'A request not approved or rejected in this time is rejected as expired and the requester told.',
  }),
  maxRuleLifetimeDays: def({
    name: 'MAX_RULE_LIFETIME_DAYS',
    schema: int(1, 3650),
    defaultValue: '90',
    example: '30',
    expected: 'a whole number of days from 1 to 3650',
    description: 'Longest expiry a rule request may ask for; requests without expiresAt get this lifetime.',
  }),
  ruleRequestMaxBodyBytes: def({
    name: 'RULE_REQUEST_MAX_BODY_BYTES',
    schema: int(1024, 1024 * 1024),
    defaultValue: '32768',
    example: '65536',
    expected: 'a whole number of bytes from 1024 to 1048576',
    description: 'Larger rule request bodies are refused with 413.',
  }),
  publicBaseUrl: def({
    name: 'PUBLIC_BASE_URL',
    schema: anyUrl,
    optional: true,
    example: 'https://func-egress-guard.azurewebsites.net',
    expected: 'an http(s) URL',
    description: 'Base URL for links in cards. Unset = https://$WEBSITE_HOSTNAME.',
  }),
  websiteHostname: def({
    name: 'WEBSITE_HOSTNAME',
    schema: z.string().min(1),
    optional: true,
    example: 'func-egress-guard.azurewebsites.net',
    expected: 'a host name',
    description: 'Set by App Service; used for links when PUBLIC_BASE_URL is unset.',
  }),
  storageConnection: def({
    name: 'AzureWebJobsStorage',
    schema: z.string().min(1),
    optional: true,
    secret: true,
    example: 'UseDevelopmentStorage=true',
    expected: 'a storage connection string',
    description: 'Storage for the durable task hub and the state tables (or use AzureWebJobsStorage__accountName).',
  }),
  storageAccountName: def({
    name: 'AzureWebJobsStorage__accountName',
    schema: z.string().regex(/^[a-z0-9]{3,24}$/, 'a storage account name'),
    optional: true,
    example: 'stegressguard',
    expected: 'a storage account name',
    description: 'Identity-based storage (managed identity) instead of a connection string.',
  }),
  managedIdentityClientId: def({
    name: 'AZURE_CLIENT_ID',
    schema: z.string().regex(guid, 'a client id (GUID)'),
    optional: true,
    example: '22222222-3333-4444-5555-666666666666',
    expected: 'the client id of the user-assigned managed identity',
    description: 'Which managed identity DefaultAzureCredential uses.',
  }),
} as const;

export type SettingKey = keyof typeof settingDefinitions;
