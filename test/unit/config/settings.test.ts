import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings, SettingsError } from '../../../shared/config/settings';
import { renderConfigurationReference } from '../../../shared/config/configurationTable';

const minimal = {
  GUARDED_SUBSCRIPTION_IDS: '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10',
  FIREWALL_RESOURCE_IDS:
    '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('loadSettings', () => {
  it('applies defaults to a minimal configuration', () => {
    const settings = loadSettings(minimal);
    expect(settings.mode).toBe('audit');
    expect(settings.aksSubnetPatterns).toEqual(['aks-*']);
    expect(settings.changeBudgetPerHour).toBe(60);
    expect(settings.firewallPublicIpRoute).toBe(false);
    expect(settings.sweepSchedule).toBe('0 0 */6 * * *');
    expect(settings.teamsWebhookUrl).toBeUndefined();
  });

  it('fails closed on identity by default: no approver app role unless configured, no trusted principal header without App Service Authentication', () => {
    const settings = loadSettings({ ...minimal, APPROVER_GROUP_IDS: '7f9c1a2b-0000-4000-8000-000000000001' });
    expect(settings.approverAppRole).toBeUndefined();
    expect(settings.websiteAuthEnabled).toBeUndefined();
    expect(settings.clientPrincipalFromFrontEnd).toBe(false);
    expect(loadSettings({ ...minimal, WEBSITE_AUTH_ENABLED: 'True' }).websiteAuthEnabled).toBe(true); // as App Service writes it
    expect(loadSettings({ ...minimal, WEBSITE_AUTH_ENABLED: 'false' }).websiteAuthEnabled).toBe(false);
    expect(problemsOf({ ...minimal, WEBSITE_AUTH_ENABLED: 'yes' }).join('\n')).toMatch(/WEBSITE_AUTH_ENABLED/);
    expect(loadSettings(minimal).ruleRequestSweepSchedule).toBe('0 */5 * * * *');
  });

  it('parses lists, numbers and booleans', () => {
    const settings = loadSettings({
      ...minimal,
      GUARDED_SUBSCRIPTION_IDS: ' 8F3A1C2E-5B7D-4E9A-9C1F-2D6B8E4A7C10 , 00000000-0000-0000-0000-000000000002,',
      CHANGE_BUDGET_PER_HOUR: '5',
      REMOVE_BYPASS_ROUTES: 'true',
    });
    expect(settings.guardedSubscriptionIds).toEqual(['8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10', '00000000-0000-0000-0000-000000000002']);
    expect(settings.changeBudgetPerHour).toBe(5);
    expect(settings.removeBypassRoutes).toBe(true);
  });

  it.each([
    { label: 'a missing required setting', env: { ...minimal, GUARDED_SUBSCRIPTION_IDS: '' }, problem: /^GUARDED_SUBSCRIPTION_IDS is missing; expected/ },
    { label: 'a bad enum', env: { ...minimal, GUARD_MODE: 'enforced' }, problem: /^GUARD_MODE is "enforced": .*expected audit or enforce/ },
    { label: 'a non-number', env: { ...minimal, CHANGE_BUDGET_PER_HOUR: 'ten' }, problem: /^CHANGE_BUDGET_PER_HOUR is "ten": a whole number/ },
    { label: 'a number out of range', env: { ...minimal, SNAT_THRESHOLD_PERCENT: '150' }, problem: /^SNAT_THRESHOLD_PERCENT is "150"/ },
    { label: 'a five-field cron', env: { ...minimal, SWEEP_SCHEDULE: '0 */6 * * *' }, problem: /^SWEEP_SCHEDULE is "0 \*\/6 \* \* \*": a six-field NCRONTAB/ },
    { label: 'a firewall id of the wrong type', env: { ...minimal, FIREWALL_RESOURCE_IDS: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt' }, problem: /^FIREWALL_RESOURCE_IDS .*an Azure Firewall resource id/ },
    { label: 'plain http ARM endpoint', env: { ...minimal, ARM_ENDPOINT: 'http://127.0.0.1:1' }, problem: /^ARM_ENDPOINT is "http:\/\/127.0.0.1:1"/ },
    { label: 'shared strategy without tables', env: { ...minimal, ROUTE_TABLE_STRATEGY: 'shared' }, problem: /^SHARED_ROUTE_TABLE_IDS is missing/ },
    { label: 'no storage', env: { GUARDED_SUBSCRIPTION_IDS: minimal.GUARDED_SUBSCRIPTION_IDS, FIREWALL_RESOURCE_IDS: minimal.FIREWALL_RESOURCE_IDS }, problem: /^AzureWebJobsStorage is missing/ },
  ])('names the setting for $label', ({ env, problem }) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ GUARD_MODE: 'x', CHANGE_BUDGET_PER_HOUR: '-1' }).length).toBeGreaterThanOrEqual(5);
  });

  it('never echoes a secret value', () => {
    const secret = 'ftp://prod.example/workflows/abc?sig=SECRET-SIGNATURE';
    const problems = problemsOf({ ...minimal, TEAMS_WEBHOOK_URL: secret });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TEAMS_WEBHOOK_URL is \(a value, hidden/);
    expect(problems.join('\n')).not.toContain('SECRET-SIGNATURE');
  });
});

describe('docs/configuration.md', () => {
  it('is generated from the settings table (run `npm run docs:config` after changing settings)', () => {
    const onDisk = readFileSync(join(__dirname, '../../../docs/configuration.md'), 'utf8');
    expect(onDisk).toBe(renderConfigurationReference());
  });
});
