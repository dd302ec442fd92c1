import { settingDefinitions, type SettingDefinition } from './settingDefinitions';

/** The configuration reference (docs/configuration.md) rendered from the one table of settings, so docs match code. */
export function renderConfigurationReference(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = (Object.values(settingDefinitions) as SettingDefinition<unknown>[]).map((definition) => {
    const required = definition.defaultValue !== undefined ? `\`${definition.defaultValue}\`` : definition.optional ? '(unset)' : '**required**';
    return `| \`${definition.name}\` | ${required} | ${escape(definition.expected)} | \`${escape(definition.example)}\` | ${escape(definition.description)} |`;
  });
  return [
    '# Configuration reference',
    '',
    'Every app setting the app reads. They are validated once at start-up: a missing or bad setting stops the app with a',
    'message naming the setting, what was found and what is expected. This file is generated from',
    '`shared/config/settingDefinitions.ts` by `npm run docs:config`; a test fails when it is out of date.',
    '',
    '| Setting | Default | Expected | Example | What it does |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
