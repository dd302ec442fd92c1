import {
  armActionsByStrategy,
  bypassRouteRemovalActions,
  firewallPolicyOperationStatusActions,
  firewallPolicyRuleActions,
  foreignRouteTableRepairActions,
  guardedSubscriptionActions,
  hubFirewallReadActions,
  linkedResourceActions,
  type ForeignRouteTableAction,
  type RouteTableStrategy,
} from '../../../shared/azure/permissions';
import { actionListDrift, noDrift } from './actionListDrift';
import {
  compactExpression,
  filesUnder,
  loadTerraformFiles,
  localValue,
  nestedBlock,
  resourceBlocks,
  dataBlocks,
  stringList,
  type TerraformFile,
} from './terraformFiles';

let moduleFiles: TerraformFile[];

beforeAll(async () => {
  moduleFiles = filesUnder(await loadTerraformFiles(), 'infra/modules/egress-guard');
});

const infraList = (name: string) => stringList(localValue(moduleFiles, name), `local.${name}`);

const roleActionsExpression = (roleName: string) => {
  const [role] = resourceBlocks(moduleFiles, 'azurerm_role_definition').filter((block) => block.name === roleName);
  if (!role) throw new Error(`azurerm_role_definition.${roleName} not found`);
  return nestedBlock(role.body, 'permissions').actions;
};

describe('guarded subscription role', () => {
  it.each<{ strategy: RouteTableStrategy }>([{ strategy: 'per-vnet' }, { strategy: 'shared' }])(
    'grants exactly the actions the code performs with strategy $strategy',
    ({ strategy }) => {
      const byStrategy = localValue(moduleFiles, 'guarded_subscription_actions_by_strategy') as Record<string, unknown>;
      const infra = stringList(byStrategy[strategy], `guarded_subscription_actions_by_strategy["${strategy}"]`);

      expect(actionListDrift(armActionsByStrategy[strategy], infra)).toEqual(noDrift);
    },
  );

  it('declares no strategy the code does not know', () => {
    const byStrategy = localValue(moduleFiles, 'guarded_subscription_actions_by_strategy') as Record<string, unknown>;

    expect(Object.keys(byStrategy).sort()).toEqual(Object.keys(armActionsByStrategy).sort());
  });

  it('grants the bypass-route removal actions the code performs', () => {
    expect(actionListDrift(bypassRouteRemovalActions, infraList('bypass_route_removal_actions'))).toEqual(noDrift);
  });

  it('grants the foreign route table repair actions the code performs', () => {
    expect(actionListDrift(foreignRouteTableRepairActions, infraList('foreign_route_table_repair_actions'))).toEqual(noDrift);
  });

  // The literal lists above are only half of it: the role must be built from them, and only from them.
  it('builds the role from the strategy list, plus foreign table repairs unless FOREIGN_ROUTE_TABLE_ACTION is report, plus bypass removal when REMOVE_BYPASS_ROUTES is on', () => {
    expect(compactExpression(localValue(moduleFiles, 'guarded_subscription_actions'))).toBe(
      '${distinct(concat(local.guarded_subscription_actions_by_strategy[var.route_table_strategy],var.foreign_route_table_action!="report"?local.foreign_route_table_repair_actions:[],var.remove_bypass_routes?local.bypass_route_removal_actions:[],))}',
    );
    expect(roleActionsExpression('guarded_subscription')).toBe('${local.guarded_subscription_actions}');
  });

  it.each<{ strategy: RouteTableStrategy; removeBypassRoutes: boolean; foreign: ForeignRouteTableAction }>([
    { strategy: 'per-vnet', removeBypassRoutes: true, foreign: 'repair-in-place' },
    { strategy: 'per-vnet', removeBypassRoutes: false, foreign: 'report' },
    { strategy: 'shared', removeBypassRoutes: true, foreign: 'repair-in-place' },
    { strategy: 'shared', removeBypassRoutes: false, foreign: 'repair-in-place' },
    { strategy: 'shared', removeBypassRoutes: false, foreign: 'swap' },
    { strategy: 'shared', removeBypassRoutes: false, foreign: 'report' },
  ])('equals guardedSubscriptionActions($strategy, $removeBypassRoutes, $foreign) once evaluated', ({ strategy, removeBypassRoutes, foreign }) => {
    const byStrategy = localValue(moduleFiles, 'guarded_subscription_actions_by_strategy') as Record<string, unknown>;
    // As Terraform evaluates distinct(concat(...)): first occurrence kept, in order.
    const evaluated = [
      ...new Set([
        ...stringList(byStrategy[strategy], strategy),
        ...(foreign !== 'report' ? infraList('foreign_route_table_repair_actions') : []),
        ...(removeBypassRoutes ? infraList('bypass_route_removal_actions') : []),
      ]),
    ];

    expect(actionListDrift(guardedSubscriptionActions(strategy, removeBypassRoutes, foreign), evaluated)).toEqual(noDrift);
  });
});

describe('actionListDrift', () => {
  const infra = [...armActionsByStrategy['per-vnet']];

  it('fails when the code performs an action the role lacks', () => {
    const codeWithNewCall = [...armActionsByStrategy['per-vnet'], 'Microsoft.Network/ipAllocations/write'];

    expect(actionListDrift(codeWithNewCall, infra).missingInInfra).toEqual(['Microsoft.Network/ipAllocations/write']);
  });

  it('fails when the role grants an action the code no longer performs', () => {
    const codeWithoutRouteWrites = armActionsByStrategy['per-vnet'].filter((action) => !action.endsWith('routes/write'));

    expect(actionListDrift(codeWithoutRouteWrites, infra).extraInInfra).toEqual(['Microsoft.Network/routeTables/routes/write']);
  });

  it('reports duplicates and ignores case, as ARM does', () => {
    const drift = actionListDrift(['Microsoft.Network/routeTables/read'], ['microsoft.network/routetables/READ', 'Microsoft.Network/routeTables/read']);

    expect(drift).toEqual({ missingInInfra: [], extraInInfra: [], duplicatesInInfra: ['Microsoft.Network/routeTables/read'] });
  });
});

describe('hub firewall reader role', () => {
  it('grants exactly the firewall reads the code performs', () => {
    expect(actionListDrift(hubFirewallReadActions, infraList('hub_firewall_read_actions'))).toEqual(noDrift);
    expect(roleActionsExpression('hub_firewall_reader')).toBe('${local.hub_firewall_read_actions}');
  });
});

describe('firewall policy rules role', () => {
  it('grants exactly the rule collection group actions the code performs', () => {
    expect(actionListDrift(firewallPolicyRuleActions, infraList('firewall_policy_rule_actions'))).toEqual(noDrift);
    expect(roleActionsExpression('firewall_policy_rules')).toBe('${local.firewall_policy_rule_actions}');
  });

  it('can follow its own write: the operation status reads, on the policy\'s resource group (status URLs name no resource)', () => {
    expect(actionListDrift(firewallPolicyOperationStatusActions, infraList('firewall_policy_operation_status_actions'))).toEqual(noDrift);
    expect(roleActionsExpression('firewall_policy_operation_status')).toBe('${local.firewall_policy_operation_status_actions}');
    const [assignment] = resourceBlocks(moduleFiles, 'azurerm_role_assignment').filter((block) => block.name === 'firewall_policy_operation_status');
    expect(assignment?.body.scope).toBe('${local.firewall_policy_resource_group_id}');
  });

  it('is assigned on the policy only', () => {
    const [assignment] = resourceBlocks(moduleFiles, 'azurerm_role_assignment').filter((block) => block.name === 'firewall_policy_rules');

    expect(assignment?.body.scope).toBe('${local.rule_policy_id}');
  });

  it('is on the policy the app writes to: FIREWALL_POLICY_ID, else the first firewall\'s policy, and the app is told which', () => {
    const rulePolicy = String(localValue(moduleFiles, 'rule_policy_id'));
    expect(rulePolicy).toContain('var.firewall_policy_id');
    expect(rulePolicy).toContain('data.azapi_resource.first_firewall[0].output.properties.firewallPolicy.id');
    const [firewall] = dataBlocks(moduleFiles, 'azapi_resource').filter((block) => block.name === 'first_firewall');
    expect(firewall?.body.resource_id).toBe('${var.firewall_resource_ids[0]}');
    expect(firewall?.body.response_export_values).toEqual(['properties.firewallPolicy.id']);
    expect((localValue(moduleFiles, 'product_settings') as Record<string, unknown>).FIREWALL_POLICY_ID).toBe('${local.rule_policy_id}');
  });
});

describe('linked resources role', () => {
  it('grants exactly the join/peer actions the write bodies can need', () => {
    expect(actionListDrift(linkedResourceActions, infraList('linked_resource_actions'))).toEqual(noDrift);
    expect(roleActionsExpression('linked_resources')).toBe('${local.linked_resource_actions}');
  });

  it('is assigned on var.linked_resource_scopes only, never on a guarded subscription by itself', () => {
    const [assignment] = resourceBlocks(moduleFiles, 'azurerm_role_assignment').filter((block) => block.name === 'linked_resources');

    expect(assignment?.body.for_each).toBe('${toset(var.linked_resource_scopes)}');
    expect(assignment?.body.scope).toBe('${each.value}');
  });

  it('leaves the guarded subscription role holding the same actions, for references inside the guarded subscriptions', () => {
    for (const strategy of ['per-vnet', 'shared'] as const) {
      const guarded = new Set(armActionsByStrategy[strategy]);
      expect(linkedResourceActions.filter((action) => !guarded.has(action))).toEqual([]);
    }
  });
});
