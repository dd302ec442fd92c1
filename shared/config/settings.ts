import { z } from 'zod';
import { settingDefinitions, type SettingDefinition, type SettingKey } from './settingDefinitions';
import { GuardError } from '../errors';

type Parsed<D> = D extends SettingDefinition<infer T> ? T : never;
type IsOptional<D> = D extends { optional: true } ? true : false;

/** Validated, typed app settings. Optional settings without a default are `undefined` when unset. */
export type Settings = {
  readonly [K in SettingKey]: IsOptional<(typeof settingDefinitions)[K]> extends true
    ? Parsed<(typeof settingDefinitions)[K]> | undefined
    : Parsed<(typeof settingDefinitions)[K]>;
};

/** Thrown at start-up; its message lists every bad setting by name, with what was found and what is expected. */
export class SettingsError extends GuardError<'settings-invalid'> {
  override readonly name = 'SettingsError';
  constructor(readonly problems: readonly string[]) {
    super('settings-invalid', `Invalid app settings:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const shown = (definition: SettingDefinition<unknown>, raw: string) =>
  definition.secret ? '(a value, hidden because the setting is secret)' : JSON.stringify(raw);

/**
 * One setting's raw value through its schema: the value, or the problem as loadSettings words it (the setting's
 * name, what was found, why, what is expected). `name` overrides how the setting is named, e.g. a CLI flag.
 */
export function parseSettingValue(definition: SettingDefinition<unknown>, raw: string, name = definition.name): { value: unknown } | { problem: string } {
  const result = (definition.schema as z.ZodType).safeParse(raw);
  if (result.success) return { value: result.data };
  const why = result.error.issues.map((issue) => issue.message).join('; ');
  return { problem: `${name} is ${shown(definition, raw)}: ${why}; expected ${definition.expected}` };
}

/** Parses every setting once; collects all problems before failing so one restart fixes them all. */
export function loadSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(settingDefinitions) as [SettingKey, SettingDefinition<unknown>][]) {
    const given = env[definition.name];
    const raw = given === undefined || given.trim() === '' ? definition.defaultValue : given.trim();
    if (raw === undefined) {
      if (!definition.optional) problems.push(`${definition.name} is missing; expected ${definition.expected}, e.g. ${definition.example}`);
      continue;
    }
    const parsed = parseSettingValue(definition, raw);
    if ('value' in parsed) values[key] = parsed.value;
    else problems.push(parsed.problem);
  }
  if (values.routeTableStrategy === 'shared' && values.sharedRouteTableIds === undefined) {
    problems.push('SHARED_ROUTE_TABLE_IDS is missing; ROUTE_TABLE_STRATEGY=shared needs one route table id per region');
  }
  if (values.storageConnection === undefined && values.storageAccountName === undefined) {
    problems.push('AzureWebJobsStorage is missing; expected a storage connection string or AzureWebJobsStorage__accountName');
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return values as Settings;
}

/** Base URL for links the app puts in cards and responses. */
export function publicBaseUrlOf(settings: Settings): string {
  if (settings.publicBaseUrl) return settings.publicBaseUrl;
  if (settings.websiteHostname) return `https://${settings.websiteHostname}`;
  return 'http://localhost:7071';
}
