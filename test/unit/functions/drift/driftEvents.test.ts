import { driftEventsHandler, type DriftEventsDeps } from '../../../../functions/drift/driftEvents';
import type { ResourceChange } from '../../../../shared/core/events/resourceEvent';
import type { SelfIdentity } from '../../../../shared/azure/selfIdentity';
import { subscriptionId as sub, testContext } from '../../../support/handlerFakes';

const vnetId = `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks`;
const subnetId = `${vnetId}/subnets/aks-subnet`;
const groupId = `/subscriptions/${sub}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/fp-hub/ruleCollectionGroups/team`;

const event = (overrides: { operationName?: string; resourceUri?: string; claims?: Record<string, unknown> } = {}) => ({
  id: 'e1',
  topic: `/subscriptions/${sub}`,
  subject: overrides.resourceUri ?? subnetId,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  eventTime: '2026-12-01T10:00:00Z',
  dataVersion: '2',
  data: {
    operationName: overrides.operationName ?? 'Microsoft.Network/virtualNetworks/subnets/write',
    resourceUri: overrides.resourceUri ?? subnetId,
    status: 'Succeeded',
    claims: overrides.claims ?? { appid: 'someone-else' },
    correlationId: 'c1',
  },
});

function setup(options: { self?: () => Promise<SelfIdentity | undefined>; vnetIds?: string[]; reconcile?: DriftEventsDeps['requestReconcile'] } = {}) {
  const calls: string[] = [];
  const changes: ResourceChange[] = [];
  const deps: DriftEventsDeps = {
    selfIdentity: options.self ?? (async () => ({ appid: 'guard-app' })),
    affectedVnets: async (change) => {
      changes.push(change);
      const vnetIds = options.vnetIds ?? [vnetId];
      return { vnetIds, note: vnetIds.length ? 'from the subnet id' : 'not a guarded subnet', armReads: 0 };
    },
    requestReconcile:
      options.reconcile ??
      (async (_context, id, reason, actor) => {
        calls.push(`reconcile ${id} (${reason}) by ${actor?.appid ?? '?'}`);
        return calls.length % 2 === 1 ? 'started' : 'coalesced';
      }),
    requestPosturePass: async (_context, reason) => {
      calls.push(`posture (${reason})`);
      return 'started';
    },
  };
  const { context, logs } = testContext();
  return { handle: (raw: unknown) => driftEventsHandler(deps)(raw, context), calls, changes, logs };
}

describe('driftEvents (Event Grid trigger)', () => {
  it('a subnet write by someone else requests one reconcile per affected VNet, with who made it', async () => {
    const { handle, calls, changes, logs } = setup({ vnetIds: [vnetId, `${vnetId}-2`] });
    await handle(event());
    expect(changes.map((change) => change.resourceId)).toEqual([subnetId]);
    expect(calls).toEqual([`reconcile ${vnetId} (Microsoft.Network/virtualNetworks/subnets/write) by someone-else`, `reconcile ${vnetId}-2 (Microsoft.Network/virtualNetworks/subnets/write) by someone-else`]);
    expect(logs.join('\n')).toMatch(/2 VNet\(s\) \(from the subnet id\); 1 reconcile\(s\) started, 1 coalesced into running ones/);
  });

  it.each([
    { label: 'null', raw: null },
    { label: 'a foreign event type', raw: { ...event(), eventType: 'Microsoft.Storage.BlobCreated' } },
    { label: 'an operation the guard does not watch', raw: event({ operationName: 'Microsoft.Compute/virtualMachines/write' }) },
    { label: 'a bad resource id', raw: event({ resourceUri: 'not-an-arm-id' }) },
  ])('$label is logged and acknowledged (no throw, so no redelivery storm), nothing requested', async ({ raw }) => {
    const { handle, calls, changes, logs } = setup();
    await expect(handle(raw)).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    expect(changes).toEqual([]);
    expect(logs.join('\n')).toMatch(/Ignored event/);
  });

  it("the guard's own change starts no reconcile (no loop with itself)", async () => {
    const { handle, calls, logs } = setup();
    await handle(event({ claims: { appid: 'GUARD-APP' } }));
    expect(calls).toEqual([]);
    expect(logs.join('\n')).toMatch(/the guard's own change, nothing to reconcile/);
  });

  it('when the own identity cannot be read, the change is treated as foreign: reconciled, not dropped', async () => {
    const { handle, calls } = setup({ self: async () => Promise.reject(new Error('token endpoint down')) });
    await handle(event({ claims: { appid: 'guard-app' } }));
    expect(calls).toHaveLength(1);
  });

  it('a change that affects posture asks for a posture pass first, even when it is the guard\'s own', async () => {
    const { handle, calls } = setup({ vnetIds: [] });
    await handle(event({ operationName: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write', resourceUri: groupId, claims: { appid: 'guard-app' } }));
    expect(calls).toEqual(['posture (Microsoft.Network/firewallPolicies/ruleCollectionGroups/write)']);
  });

  it('nothing to reconcile when no guarded VNet is affected', async () => {
    const { handle, calls, logs } = setup({ vnetIds: [] });
    await handle(event());
    expect(calls).toEqual([]);
    expect(logs.join('\n')).toMatch(/nothing to reconcile \(not a guarded subnet\)/);
  });

  it('a failure to reach Durable throws, so that Event Grid redelivers', async () => {
    const { handle } = setup({ reconcile: async () => Promise.reject(new Error('task hub unavailable')) });
    await expect(handle(event())).rejects.toThrow('task hub unavailable');
  });
});
