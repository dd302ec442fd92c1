import { parseArgs } from 'node:util';
import { settingDefinitions, type SettingKey } from '../config/settingDefinitions';
import { parseSettingValue, SettingsError, type Settings } from '../config/settings';
import type { DriftPolicy } from '../core/drift/types';
import { AuditError } from './auditErrors';

export const auditFormats = ['table', 'json', 'markdown'] as const;
export type AuditFormat = (typeof auditFormats)[number];

export interface AuditOptions {
  /** undefined: every subscription the identity can read (live), every one in the file (--from-file). */
  readonly subscriptionIds: readonly string[] | undefined;
  /** undefined: every Azure Firewall in the audited subscriptions (live) or in the file. */
  readonly firewallResourceIds: readonly string[] | undefined;
  readonly fromFile: string | undefined;
  readonly format: AuditFormat;
  readonly output: string | undefined;
  readonly policy: DriftPolicy;
  readonly armEndpoint: string;
  readonly managedIdentityClientId: string | undefined;
}

export const auditUsage = `Usage: aks-egress-guard audit [options]

Reads your estate (never writes) and prints, per guarded subnet, what is wrong, who owns its route table and the
writes the guard would make in enforce mode; then each AKS cluster's egress posture (check, status, finding, fix).
Exit code: 0 all compliant, 1 findings (posture advice aside), 2 error.

  --subscription <id>     subscription to audit (repeat or comma-separate); default: every one you can read
  --firewall <id>         Azure Firewall resource id, one per region (repeat or comma-separate);
                          default: every Azure Firewall in the audited subscriptions (or in the file)
  --subnet-patterns <g>   glob patterns of AKS subnet names (AKS_SUBNET_PATTERNS), default aks-*
  --mode audit|enforce    the guard's mode for VNets without an egress-guard-mode tag (GUARD_MODE), default audit
  --from-file <path>      evaluate an export instead of reading ARM (no credentials): the output of
                          az network vnet list, az network route-table list, az network firewall show, az aks list
                          (concatenated, or one JSON array); the cluster posture section names any other
                          command it needs (firewall policy, rule collection groups, IP groups, load balancers)
  --format table|json|markdown   default table
  --output <file>         write the report to a file instead of stdout
  -h, --help              this help

Other settings come from the environment as the app reads them: ROUTE_TABLE_STRATEGY, SHARED_ROUTE_TABLE_IDS,
ROUTE_TABLE_NAME_PATTERN, ROUTE_FIREWALL_PUBLIC_IP_TO_INTERNET, REMOVE_BYPASS_ROUTES, ARM_ENDPOINT, AZURE_CLIENT_ID.
Credentials: DefaultAzureCredential (az login, environment variables, workload or managed identity).`;

/** Settings the audit reads, and the flag that sets each (the others come from the environment only). */
const flagOf: Partial<Record<SettingKey, string>> = {
  guardedSubscriptionIds: '--subscription',
  firewallResourceIds: '--firewall',
  aksSubnetPatterns: '--subnet-patterns',
  mode: '--mode',
};

const readSettings = [
  'guardedSubscriptionIds',
  'firewallResourceIds',
  'mode',
  'aksSubnetPatterns',
  'routeTableStrategy',
  'sharedRouteTableIds',
  'routeTableNamePattern',
  'firewallPublicIpRoute',
  'removeBypassRoutes',
  'foreignRouteTableAction',
  'armEndpoint',
  'managedIdentityClientId',
] as const satisfies readonly SettingKey[];

type AuditSettings = Pick<Settings, (typeof readSettings)[number]>;

/**
 * Flags and environment -> options. Settings go through the app's own schemas (settingDefinitions.ts), so a bad
 * value fails with the same SettingsError wording as at the app's start-up, naming the flag. Subscriptions come only
 * from --subscription: GUARDED_SUBSCRIPTION_IDS in a shell is not a reason to audit less.
 */
export function parseAuditOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): AuditOptions | 'help' {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new AuditError('usage', `${(error as Error).message} (see aks-egress-guard audit --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 0) throw new AuditError('usage', `unexpected argument ${JSON.stringify(positionals[0])} (see aks-egress-guard audit --help)`);
  const format = values.format ?? 'table';
  if (!(auditFormats as readonly string[]).includes(format)) throw new AuditError('usage', `--format is ${JSON.stringify(format)}; expected table, json or markdown`);

  const joined = (many: readonly string[] | undefined) => (many === undefined || many.length === 0 ? undefined : many.join(','));
  const fromFlags: Partial<Record<SettingKey, string | undefined>> = {
    guardedSubscriptionIds: joined(values.subscription),
    firewallResourceIds: joined(values.firewall),
    aksSubnetPatterns: values['subnet-patterns'],
    mode: values.mode,
  };
  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const key of readSettings) {
    const definition = settingDefinitions[key];
    const flag = flagOf[key];
    const fromFlag = fromFlags[key];
    const fromEnv = key === 'guardedSubscriptionIds' ? undefined : env[definition.name];
    const given = fromFlag ?? (fromEnv?.trim() === '' ? undefined : fromEnv);
    const raw = given === undefined ? ('defaultValue' in definition ? definition.defaultValue : undefined) : given.trim();
    if (raw === undefined) continue;
    const name = fromFlag !== undefined && flag !== undefined ? `${flag} (${definition.name})` : definition.name;
    const result = parseSettingValue(definition, raw, name);
    if ('value' in result) settings[key] = result.value;
    else problems.push(result.problem);
  }
  if (settings.routeTableStrategy === 'shared' && settings.sharedRouteTableIds === undefined) {
    problems.push('SHARED_ROUTE_TABLE_IDS is missing; ROUTE_TABLE_STRATEGY=shared needs one route table id per region');
  }
  if (problems.length > 0) throw new SettingsError(problems);
  const audit = settings as AuditSettings;
  return {
    subscriptionIds: audit.guardedSubscriptionIds,
    firewallResourceIds: audit.firewallResourceIds,
    fromFile: values['from-file'],
    format: format as AuditFormat,
    output: values.output,
    policy: {
      mode: audit.mode,
      aksSubnetPatterns: audit.aksSubnetPatterns,
      routeTableStrategy: audit.routeTableStrategy,
      sharedRouteTableIds: audit.sharedRouteTableIds,
      routeTableNamePattern: audit.routeTableNamePattern,
      firewallPublicIpRoute: audit.firewallPublicIpRoute,
      removeBypassRoutes: audit.removeBypassRoutes,
      foreignRouteTableAction: audit.foreignRouteTableAction,
    },
    armEndpoint: audit.armEndpoint,
    managedIdentityClientId: audit.managedIdentityClientId,
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      subscription: { type: 'string', multiple: true },
      firewall: { type: 'string', multiple: true },
      'subnet-patterns': { type: 'string' },
      mode: { type: 'string' },
      'from-file': { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
