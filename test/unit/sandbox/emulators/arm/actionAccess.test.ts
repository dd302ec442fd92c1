import { NetworkManagementClient } from '@azure/arm-network';
import { asyncOperationStatusActions, firewallPolicyOperationStatusActions, firewallPolicyRuleActions, guardedSubscriptionActions, hubFirewallReadActions } from '../../../../../shared/azure/permissions';
import { credentialFor, otherWriters } from '../../../../support/armTokens';
import { eventually } from '../../../../support/sandboxProcess';
import type { Harness } from './harness';
import { collect, rawRequest, startHarness, SUBSCRIPTION_ID, TOKEN } from './harness';

// The harness token's principal plays the app; its grants are replaced per test through the admin API.
const APP_OID = 'oid-under-test';
const SUBSCRIPTION = `/subscriptions/${SUBSCRIPTION_ID}`;
const SPOKE_GROUP = `${SUBSCRIPTION}/resourceGroups/rg-spoke`;
const HUB_GROUP = `${SUBSCRIPTION}/resourceGroups/rg-hub`;
const FIREWALL = `${HUB_GROUP}/providers/Microsoft.Network/azureFirewalls/fw-hub`;
// The guarded subscription role with FOREIGN_ROUTE_TABLE_ACTION=report under the shared strategy: no route table writes.
const reportOnlyRole = guardedSubscriptionActions('shared', false, 'report');
const fullRole = guardedSubscriptionActions('per-vnet', false, 'repair-in-place');

const refusal = (action: string, scope: string) =>
  `The client 'app-under-test' with object id '${APP_OID}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;

let harness: Harness;
let terraform: NetworkManagementClient;
beforeAll(async () => {
  harness = await startHarness({ linkedAccess: { principals: { [APP_OID]: [{ scope: SUBSCRIPTION, actions: fullRole }] } } });
  terraform = new NetworkManagementClient(credentialFor(otherWriters.terraform), SUBSCRIPTION_ID, { endpoint: harness.emulator.url });
});
afterAll(async () => harness.close());
afterEach(async () => {
  await admin({ actions: true, principals: { [APP_OID]: [{ scope: SUBSCRIPTION, actions: fullRole }] } });
});

async function admin(body: unknown): Promise<unknown> {
  const response = await rawRequest(`${harness.emulator.url}/_sandbox/access`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return response.json;
}
const grant = (...grants: Array<{ scope: string; actions: readonly string[] }>) =>
  admin({ principals: { [APP_OID]: grants.map(({ scope, actions }) => ({ scope, actions: [...actions] })) } });
const asApp = (path: string, init: { method?: string; body?: unknown } = {}) =>
  rawRequest(`${harness.emulator.url}${path}${path.includes('?') ? '&' : '?'}api-version=2024-05-01`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${TOKEN}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

describe("ARM's check of the operation's own action for the app's role", () => {
  it('refuses a write the role lacks with 403 AuthorizationFailed in ARM words, and stores and publishes nothing', async () => {
    await grant({ scope: SUBSCRIPTION, actions: reportOnlyRole });
    const eventsBefore = harness.events.length;
    const error = await harness.network.routeTables.beginCreateOrUpdateAndWait('rg-spoke', 'rt-not-permitted', { location: 'westeurope' }).catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect((error as Error).message).toBe(refusal('Microsoft.Network/routeTables/write', `${SPOKE_GROUP}/providers/Microsoft.Network/routeTables/rt-not-permitted`));
    await expect(terraform.routeTables.get('rg-spoke', 'rt-not-permitted')).rejects.toMatchObject({ statusCode: 404 });
    expect(harness.events.length).toBe(eventsBefore);
  });

  it('answers the raw body ARM sends', async () => {
    await grant({ scope: SUBSCRIPTION, actions: reportOnlyRole });
    const answer = await asApp('/subscriptions/' + SUBSCRIPTION_ID + '/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-raw', { method: 'PUT', body: { location: 'westeurope' } });

    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      error: { code: 'AuthorizationFailed', message: refusal('Microsoft.Network/routeTables/write', `${SPOKE_GROUP}/providers/Microsoft.Network/routeTables/rt-raw`), details: [] },
    });
  });

  it('refuses a read the role lacks, before looking the resource up (a missing one too)', async () => {
    await grant({ scope: SUBSCRIPTION, actions: fullRole.filter((action) => action !== 'Microsoft.Network/routeTables/read') });

    await expect(harness.network.virtualNetworks.get('rg-spoke', 'vnet-spoke-aks')).resolves.toMatchObject({ name: 'vnet-spoke-aks' });
    const missing = await harness.network.routeTables.get('rg-spoke', 'rt-nowhere').catch((thrown: unknown) => thrown);
    expect(missing).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect((missing as Error).message).toBe(refusal('Microsoft.Network/routeTables/read', `${SPOKE_GROUP}/providers/Microsoft.Network/routeTables/rt-nowhere`));
  });

  it('refuses a delete the role lacks (REMOVE_BYPASS_ROUTES off: no routes/delete)', async () => {
    await terraform.routeTables.beginCreateOrUpdateAndWait('rg-spoke', 'rt-bypass', { location: 'westeurope', routes: [{ name: 'bypass', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' }] });
    const error = await harness.network.routes.beginDeleteAndWait('rg-spoke', 'rt-bypass', 'bypass').catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed', message: expect.stringContaining("'Microsoft.Network/routeTables/routes/delete'") });
    await expect(terraform.routes.get('rg-spoke', 'rt-bypass', 'bypass')).resolves.toMatchObject({ name: 'bypass' });
  });

  it('checks a list against the read action over the list scope: a resource group grant does not cover the subscription', async () => {
    await grant({ scope: SPOKE_GROUP, actions: ['Microsoft.Network/virtualNetworks/read'] });

    await expect(collect(harness.network.virtualNetworks.list('rg-spoke'))).resolves.not.toHaveLength(0);
    const error = await collect(harness.network.virtualNetworks.listAll()).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    // ARM names the provider under the list's container as the scope (Azure/CloudShell#561).
    const raw = await asApp(`/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Network/virtualNetworks`);
    expect(raw.json).toMatchObject({ error: { code: 'AuthorizationFailed', message: refusal('Microsoft.Network/virtualNetworks/read', `${SUBSCRIPTION}/providers/Microsoft.Network`) } });
    const children = await asApp(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets`);
    expect(children.status).toBe(403);
    expect(JSON.stringify(children.json)).toContain(`'Microsoft.Network/virtualNetworks/subnets/read' over scope '${HUB_GROUP}/providers/Microsoft.Network/virtualNetworks/vnet-hub'`);
  });

  it("checks resource groups by their RBAC type", async () => {
    await grant({ scope: SUBSCRIPTION, actions: fullRole });
    const answer = await asApp(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-spoke`);
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.json)).toContain(`'Microsoft.Resources/subscriptions/resourceGroups/read' over scope '${SPOKE_GROUP}'`);
  });

  it('lets the app do what its role holds, including wildcard actions of built-in roles', async () => {
    await grant({ scope: SUBSCRIPTION, actions: fullRole }, { scope: HUB_GROUP, actions: hubFirewallReadActions });
    const table = await harness.network.routeTables.beginCreateOrUpdateAndWait('rg-spoke', 'rt-permitted', { location: 'westeurope' });
    expect(table.provisioningState).toBe('Succeeded');
    await expect(collect(harness.network.ipGroups.listByResourceGroup('rg-hub'))).resolves.toBeDefined();

    // Monitoring Reader on the firewall alone: */read covers it, nothing beside it.
    await grant({ scope: FIREWALL, actions: ['*/read', 'Microsoft.Support/*'] });
    await expect(harness.network.azureFirewalls.get('rg-hub', 'fw-hub')).resolves.toMatchObject({ name: 'fw-hub' });
    await expect(harness.network.azureFirewalls.beginUpdateTagsAndWait('rg-hub', 'fw-hub', { tags: { a: 'b' } })).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    await expect(harness.network.firewallPolicies.get('rg-hub', 'afwp-hub')).rejects.toMatchObject({ statusCode: 403 });
  });

  it('authorizes an operation status URL at resource group level or above: a grant on the resource starts the write but cannot follow it', async () => {
    const POLICY = `${HUB_GROUP}/providers/Microsoft.Network/firewallPolicies/afwp-hub`;
    const group = { priority: 4_000, ruleCollections: [] };
    await grant({ scope: POLICY, actions: [...firewallPolicyRuleActions, ...asyncOperationStatusActions] });
    const error = await harness.network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait('rg-hub', 'afwp-hub', 'rcg-followed', group).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect((error as Error).message).toMatch(/'Microsoft\.Network\/locations\/operations\/read' over scope '\/subscriptions\/[^']+\/providers\/Microsoft\.Network\/locations\/[^']+\/operations\/[^']+'/);

    // The write itself went on (ARM accepted it; only following it was refused): wait for it before the next one.
    await eventually('the first write to finish', async () => {
      const written = await terraform.firewallPolicyRuleCollectionGroups.get('rg-hub', 'afwp-hub', 'rcg-followed');
      return written.provisioningState === 'Succeeded' ? written : undefined;
    });
    // The status reads on the policy's resource group (as infra assigns them) let it follow the write to the end.
    await grant({ scope: POLICY, actions: firewallPolicyRuleActions }, { scope: HUB_GROUP, actions: firewallPolicyOperationStatusActions });
    await expect(harness.network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait('rg-hub', 'afwp-hub', 'rcg-followed', group)).resolves.toMatchObject({ name: 'rcg-followed' });
  });

  it('leaves callers without grants loaded (a Terraform pipeline, a person) unrestricted', async () => {
    await grant({ scope: SUBSCRIPTION, actions: ['Microsoft.Network/virtualNetworks/read'] });
    const person = new NetworkManagementClient(credentialFor(otherWriters.person), SUBSCRIPTION_ID, { endpoint: harness.emulator.url });

    await expect(terraform.routeTables.beginCreateOrUpdateAndWait('rg-spoke', 'rt-terraform', { location: 'westeurope' })).resolves.toMatchObject({ name: 'rt-terraform' });
    await expect(person.routeTables.get('rg-spoke', 'rt-terraform')).resolves.toMatchObject({ name: 'rt-terraform' });
    await expect(collect(person.virtualNetworks.listAll())).resolves.not.toHaveLength(0);
  });

  it('is switched off through the admin API (actions: false), independently of the linked access check', async () => {
    await grant({ scope: SUBSCRIPTION, actions: ['Microsoft.Network/virtualNetworks/read'] });
    expect(await admin({ actions: false })).toMatchObject({ enabled: true, actions: false });

    await expect(harness.network.routeTables.beginCreateOrUpdateAndWait('rg-spoke', 'rt-unchecked', { location: 'westeurope' })).resolves.toMatchObject({ name: 'rt-unchecked' });
    const bad = await rawRequest(`${harness.emulator.url}/_sandbox/access`, { method: 'POST', body: JSON.stringify({ actions: 'yes' }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/actions/);
  });
});
