import { join } from 'node:path';
import { appRoleGrants } from '../../../sandbox/appRole';
import { loadSeed } from '../../../sandbox/emulators/arm';
import { isGranted } from '../../../sandbox/emulators/arm/linkedAccess';
import { projectRoot } from '../../../sandbox/paths';
import { firewallPolicyOperationStatusActions, firewallPolicyRuleActions, guardedSubscriptionActions, hubFirewallReadActions, linkedResourceActions } from '../../../shared/azure/permissions';
import { loadTerraformFiles, resourceBlocks } from '../infra/terraformFiles';

const seed = loadSeed(join(projectRoot(), 'sandbox/seed/default.json'));
const SUBSCRIPTION = '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const HUB = `${SUBSCRIPTION}/resourceGroups/rg-hub`;
const FIREWALL = `${HUB}/providers/Microsoft.Network/azureFirewalls/fw-hub`;
const POLICY = `${HUB}/providers/Microsoft.Network/firewallPolicies/afwp-hub`;
const seedSettings = { GUARDED_SUBSCRIPTION_IDS: '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10', FIREWALL_RESOURCE_IDS: FIREWALL };

describe("the app's role in the sandbox, as infra/ assigns it", () => {
  it('maps every role infra assigns the app onto the seed: guarded subscription, hub firewall reader, Monitoring Reader, policy rules and their operation status', () => {
    expect(appRoleGrants({ settings: seedSettings, seed, linkedScopes: [] })).toEqual([
      { scope: SUBSCRIPTION, actions: guardedSubscriptionActions('per-vnet', false, 'repair-in-place') },
      { scope: HUB, actions: [...hubFirewallReadActions] },
      { scope: FIREWALL, actions: ['*/read', 'Microsoft.Support/*'] },
      { scope: POLICY, actions: [...firewallPolicyRuleActions] },
      { scope: HUB, actions: [...firewallPolicyOperationStatusActions] },
    ]);
  });

  it('follows the settings that shape the role and the scopes: strategy, foreign tables, bypass removal, policy, linked scopes', () => {
    const other = `${HUB}/providers/Microsoft.Network/firewallPolicies/afwp-other`;
    const linked = '/subscriptions/6d1e0f3a-2b4c-4d5e-8f60-7a8b9c0d1e2f/resourceGroups/rg-connectivity';
    const grants = appRoleGrants({
      settings: { ...seedSettings, ROUTE_TABLE_STRATEGY: 'shared', FOREIGN_ROUTE_TABLE_ACTION: 'report', REMOVE_BYPASS_ROUTES: 'true', FIREWALL_POLICY_ID: other },
      seed,
      linkedScopes: [linked],
    });

    expect(grants[0]).toEqual({ scope: SUBSCRIPTION, actions: guardedSubscriptionActions('shared', true, 'report') });
    expect(isGranted(grants, 'Microsoft.Network/routeTables/routes/write', `${SUBSCRIPTION}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt/routes/r`)).toBe(false);
    expect(isGranted(grants, 'Microsoft.Network/routeTables/routes/delete', `${SUBSCRIPTION}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt/routes/r`)).toBe(true);
    expect(grants).toContainEqual({ scope: other, actions: [...firewallPolicyRuleActions] });
    expect(grants).not.toContainEqual(expect.objectContaining({ scope: POLICY }));
    expect(grants.at(-1)).toEqual({ scope: linked, actions: [...linkedResourceActions] });
    // Rule collection groups may be written under the policy only, never elsewhere in the hub.
    expect(isGranted(grants, 'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write', `${other}/ruleCollectionGroups/rcg`)).toBe(true);
    expect(isGranted(grants, 'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write', `${POLICY}/ruleCollectionGroups/rcg`)).toBe(false);
  });

  it("covers every role assignment infra/modules/egress-guard/roles.tf makes for the app (a new one needs a mapping in sandbox/appRole.ts)", async () => {
    const files = await loadTerraformFiles();
    const assigned = resourceBlocks(files, 'azurerm_role_assignment')
      .filter((block) => block.file.endsWith('modules/egress-guard/roles.tf'))
      .map((block) => block.name)
      .sort();
    // firewall_logs_reader is on the Log Analytics workspace, which the logs emulator serves (no ARM scope).
    expect(assigned).toEqual(['firewall_logs_reader', 'firewall_metrics_reader', 'firewall_policy_operation_status', 'firewall_policy_rules', 'guarded_subscription', 'hub_firewall_reader', 'linked_resources']);
  });
});
