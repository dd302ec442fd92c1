import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { startArmEmulator, type ArmEmulator } from '../../../../sandbox/emulators/arm';
import { ensureSandboxCertificates } from '../../../../sandbox/certs';
import { projectRoot } from '../../../../sandbox/paths';
import { createArmClients, type ArmClients, type TokenCredential } from '../../../../shared/azure/arm/armClients';
import { classifyArmError } from '../../../../shared/azure/arm/armError';
import { ArmOperationFailedError } from '../../../../shared/azure/arm/armOperationFailure';
import type { JsonObject } from '../../../../shared/azure/arm/armJson';
import { getRaw, ReadCounter } from '../../../../shared/azure/arm/armRead';
import { applyWrite } from '../../../../shared/azure/network/applyWrite';
import { createFirewallPolicyAdapter } from '../../../../shared/azure/firewallPolicy/firewallPolicyAdapter';
import type { ArmRuleCollectionGroup } from '../../../../shared/core/firewallPolicy/firewallPolicyModel';

/**
 * A Failed (and a Canceled) ARM operation end to end: the real @azure/arm-network client over HTTPS to the ARM emulator, which fails
 * the operation through its Azure-AsyncOperation status resource as Azure does (`{status:"Failed", error}`), and the
 * product's write paths (applyWrite, the firewall policy adapter) throw ArmOperationFailedError with ARM's code read
 * from that answer.
 */
const sub = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const vnetId = `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks`;
const subnetId = `${vnetId}/subnets/aks-subnet`;
const tableId = `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-lro-failure`;
const policyId = `/subscriptions/${sub}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub`;
/** The emulator's injected failure (sandbox/emulators/arm/longRunning.ts, LRO_FAULT_ERROR). */
const injectedCode = 'InternalServerError';
const credential: TokenCredential = { getToken: async () => ({ token: 'sandbox-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a Failed ARM operation through the real SDK over HTTPS', () => {
  let dir: string;
  let emulator: ArmEmulator;
  let clients: ArmClients;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lro-failure-'));
    const certs = await ensureSandboxCertificates(dir);
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), certs.caCertPem]);
    const seed = JSON.parse(readFileSync(join(projectRoot(), 'sandbox/seed/default.json'), 'utf8')) as never;
    emulator = await startArmEmulator({ tls: { cert: certs.certPem, key: certs.keyPem }, seed, lroDelayMs: 5 });
    clients = createArmClients({ credential, armEndpoint: emulator.url });
  });
  afterEach(() => emulator.faults.clear());
  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (id: string) => getRaw<JsonObject>(new ReadCounter(), () => clients.network(sub).subnets.get('rg-spoke', 'vnet-spoke-aks', id.split('/').pop()!));
  const thrownBy = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => {
        throw new Error('the operation was expected to fail');
      },
      (error: unknown) => error,
    );

  it('subnet PUT whose operation fails: ArmOperationFailedError with the status resource\'s code; nothing changed', async () => {
    const before = (await read(subnetId))!;
    emulator.faults.add({ method: 'PUT', pathPattern: `${escape(new URL(subnetId, 'https://x').pathname)}$`, count: 1, kind: 'lro-failed' });
    const body = { ...before, properties: { ...(before.properties as JsonObject), serviceEndpoints: [{ service: 'Microsoft.Storage' }] } };
    const error = await thrownBy(applyWrite(clients, { kind: 'subnet-put', resourceId: subnetId, body, ifMatch: before.etag as string, before, reason: 'test' }));

    expect(error).toBeInstanceOf(ArmOperationFailedError);
    const failure = error as ArmOperationFailedError;
    expect(failure).toMatchObject({ status: 'Failed', code: 'arm-operation-failed', armCode: injectedCode });
    expect(failure.armMessage).toMatch(/sandbox fault injection/);
    expect(new URL(failure.resourceUrl).pathname.toLowerCase()).toBe(subnetId.toLowerCase());
    expect(new URL(failure.operationUrl).pathname).toMatch(/\/providers\/Microsoft\.Network\/locations\/[^/]+\/operations\//);
    expect(failure.cause).toBeInstanceOf(Error);
    expect(failure.cause).not.toBeInstanceOf(ArmOperationFailedError);
    expect(failure.message).toContain(`${injectedCode}: ${failure.armMessage}`);
    expect(classifyArmError(error)).toMatchObject({ code: 'arm-operation-failed', retryable: false, armCode: injectedCode });
    expect((await read(subnetId))!.etag).toBe(before.etag);
  });

  it('subnet PUT whose operation is canceled: ArmOperationFailedError status Canceled, retryable; nothing changed', async () => {
    const before = (await read(subnetId))!;
    emulator.faults.add({ method: 'PUT', pathPattern: `${escape(new URL(subnetId, 'https://x').pathname)}$`, count: 1, kind: 'lro-canceled' });
    const body = { ...before, properties: { ...(before.properties as JsonObject), serviceEndpoints: [{ service: 'Microsoft.Storage' }] } };
    const error = await thrownBy(applyWrite(clients, { kind: 'subnet-put', resourceId: subnetId, body, ifMatch: before.etag as string, before, reason: 'test' }));

    expect(error).toBeInstanceOf(ArmOperationFailedError);
    const canceled = error as ArmOperationFailedError;
    // Network's canceled status resource: error Canceled "Operation was canceled.", superseded by another operation.
    expect(canceled).toMatchObject({ status: 'Canceled', code: 'arm-operation-canceled', armCode: 'Canceled', armMessage: 'Operation was canceled.' });
    expect(canceled.armDetailCodes).toEqual(['CanceledAndSupersededDueToAnotherOperation']);
    expect(new URL(canceled.operationUrl).pathname).toMatch(/\/providers\/Microsoft\.Network\/locations\/[^/]+\/operations\//);
    expect(canceled.message).toContain('ended Canceled: Canceled: Operation was canceled.');
    expect(classifyArmError(error)).toMatchObject({ code: 'arm-operation-canceled', retryable: true, armCode: 'Canceled' });
    const after = (await read(subnetId))!;
    expect(after.etag).toBe(before.etag);
    expect((after.properties as JsonObject)['serviceEndpoints']).toEqual((before.properties as JsonObject)['serviceEndpoints']);
    expect((after.properties as JsonObject)['provisioningState']).toBe('Succeeded');
  });

  it('VNet PUT that drops an in-use subnet: ARM fails the operation with InUseSubnetCannotBeDeleted (read as such)', async () => {
    const vnet = (await getRaw<JsonObject>(new ReadCounter(), () => clients.network(sub).virtualNetworks.get('rg-spoke', 'vnet-spoke-aks')))!;
    const body = { ...vnet, properties: { ...(vnet.properties as JsonObject), subnets: [] } };
    const error = await thrownBy(applyWrite(clients, { kind: 'vnet-put', resourceId: vnetId, body, ifMatch: vnet.etag as string, before: vnet, reason: 'test' }));
    expect(error).toMatchObject({ name: 'ArmOperationFailedError', status: 'Failed', armCode: 'InUseSubnetCannotBeDeleted' });
    expect(classifyArmError(error)).toMatchObject({ code: 'arm-operation-failed', retryable: false, armCode: 'InUseSubnetCannotBeDeleted' });
  });

  it('route DELETE whose operation fails: the same typed error (applyWrite reads deletes in a raw-JSON scope too)', async () => {
    await applyWrite(clients, { kind: 'route-table-create', resourceId: tableId, body: { location: 'westeurope', properties: {} }, reason: 'test' });
    const routeId = `${tableId}/routes/to-firewall`;
    const route = await applyWrite(clients, { kind: 'route-put', resourceId: routeId, body: { properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' } }, ifMatch: undefined, before: undefined, reason: 'test' });
    emulator.faults.add({ method: 'DELETE', pathPattern: 'routes/to-firewall$', count: 1, kind: 'lro-failed' });
    const error = await thrownBy(applyWrite(clients, { kind: 'route-delete', resourceId: routeId, ifMatch: undefined, before: route!, reason: 'test' }));
    expect(error).toMatchObject({ name: 'ArmOperationFailedError', status: 'Failed', armCode: injectedCode });
    expect(new URL((error as ArmOperationFailedError).resourceUrl).pathname.toLowerCase()).toBe(routeId.toLowerCase());
  });

  it('rule collection group PUT whose operation fails: the firewall policy adapter throws the typed error', async () => {
    const adapter = createFirewallPolicyAdapter(clients);
    const groupName = 'egress-guard-requests';
    emulator.faults.add({ method: 'PUT', pathPattern: `ruleCollectionGroups/${groupName}$`, count: 1, kind: 'lro-failed' });
    const group = { properties: { priority: 4000, ruleCollections: [] } } as unknown as ArmRuleCollectionGroup;
    const error = await thrownBy(adapter.putRuleCollectionGroup(policyId, groupName, group, undefined));
    expect(error).toMatchObject({ name: 'ArmOperationFailedError', status: 'Failed', armCode: injectedCode });
    expect(classifyArmError(error)).toMatchObject({ code: 'arm-operation-failed', armCode: injectedCode });
    expect(await adapter.getRuleCollectionGroup(policyId, groupName)).toBeUndefined();
  });

  it('a RestError (412 on a stale etag) still passes through untouched', async () => {
    const before = (await read(subnetId))!;
    const error = await thrownBy(applyWrite(clients, { kind: 'subnet-put', resourceId: subnetId, body: before, ifMatch: 'W/"stale"', before, reason: 'test' }));
    expect(error).toMatchObject({ name: 'RestError', statusCode: 412 });
  });
});
