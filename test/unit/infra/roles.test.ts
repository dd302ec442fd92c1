import { loadTerraformFiles, resourceBlocks, nestedBlock, type LabelledBlock } from './terraformFiles';

let assignments: LabelledBlock[];
let definitions: LabelledBlock[];

beforeAll(async () => {
  const files = await loadTerraformFiles();
  assignments = resourceBlocks(files, 'azurerm_role_assignment');
  definitions = resourceBlocks(files, 'azurerm_role_definition');
});

const where = (block: LabelledBlock) => `${block.file}: ${block.type}.${block.name}`;

const broadBuiltInRoles = ['owner', 'contributor', 'user access administrator', 'role based access control administrator'];

// Scopes that resolve to a whole subscription: a literal subscription id, or a loop over the guarded subscriptions.
const isSubscriptionScope = (block: LabelledBlock) => {
  const scope = String(block.body.scope);
  const loopsOverSubscriptions = /guarded_subscription/.test(String(block.body.for_each)) && scope === '${each.value}';
  return /^\/subscriptions\/[^/]+$/i.test(scope) || /guarded_subscription_scopes/.test(scope) || loopsOverSubscriptions;
};

describe('role assignments', () => {
  it('exist (the test would otherwise pass on nothing)', () => {
    expect(assignments.length).toBeGreaterThan(5);
  });

  it('never use Owner, Contributor or access administration roles', () => {
    const broad = assignments.filter((block) => broadBuiltInRoles.includes(String(block.body.role_definition_name ?? '').toLowerCase()));

    expect(broad.map(where)).toEqual([]);
  });

  it('are made at subscription scope for the guarded subscriptions (so the next check has something to check)', () => {
    expect(assignments.filter(isSubscriptionScope).map((block) => block.name)).toEqual(['guarded_subscription']);
  });

  it('use only custom roles at subscription scope', () => {
    const builtInOnSubscription = assignments.filter(
      (block) => block.body.role_definition_name !== undefined && isSubscriptionScope(block),
    );

    expect(builtInOnSubscription.map(where)).toEqual([]);
  });

  it('reference custom roles defined next to them when not built in', () => {
    const dangling = assignments.filter(
      (block) => block.body.role_definition_name === undefined && !/azurerm_role_definition\./.test(String(block.body.role_definition_id)),
    );

    expect(dangling.map(where)).toEqual([]);
  });
});

describe('custom role definitions', () => {
  it('hold no wildcard and no data actions', () => {
    const loose = definitions.filter((block) => {
      const permissions = nestedBlock(block.body, 'permissions');
      return JSON.stringify(permissions.actions).includes('*') || permissions.data_actions !== undefined;
    });

    expect(definitions.length).toBeGreaterThanOrEqual(3);
    expect(loose.map(where)).toEqual([]);
  });
});
