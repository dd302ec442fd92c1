import { triageEvent, watchedOperations } from '../../../../shared/core/events/resourceEvent';

const sub = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const subnetId = `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks/subnets/aks-subnet`;

const event = (overrides: { eventType?: string; operationName?: string; resourceUri?: string; claims?: unknown } = {}) => ({
  id: 'e1',
  topic: `/subscriptions/${sub}`,
  subject: overrides.resourceUri ?? subnetId,
  eventType: overrides.eventType ?? 'Microsoft.Resources.ResourceWriteSuccess',
  eventTime: '2026-11-23T05:00:00Z',
  dataVersion: '2',
  data: {
    operationName: overrides.operationName ?? 'Microsoft.Network/virtualNetworks/subnets/write',
    resourceUri: overrides.resourceUri ?? subnetId,
    status: 'Succeeded',
    claims: overrides.claims ?? { appid: 'app-1' },
    correlationId: 'c1',
  },
});

describe('triageEvent', () => {
  it('maps a subnet write to a subnet change with who made it', () => {
    expect(triageEvent(event())).toEqual({
      handled: true,
      change: {
        kind: 'subnet',
        change: 'write',
        resourceId: subnetId,
        subscriptionId: sub,
        operationName: 'Microsoft.Network/virtualNetworks/subnets/write',
        changedBy: 'app-1',
        correlationId: 'c1',
      },
    });
  });

  it.each(Object.entries(watchedOperations).map(([operationName, expected]) => ({ label: operationName, operationName, expected })))(
    'handles $label',
    ({ operationName, expected }) => {
      const eventType = expected.change === 'write' ? 'Microsoft.Resources.ResourceWriteSuccess' : 'Microsoft.Resources.ResourceDeleteSuccess';
      const result = triageEvent(event({ eventType, operationName }));
      expect(result).toMatchObject({ handled: true, change: { kind: expected.kind, change: expected.change } });
    },
  );

  it.each([
    { label: 'null', raw: null, reason: /malformed/ },
    { label: 'a string', raw: 'hello', reason: /malformed/ },
    { label: 'no data', raw: { eventType: 'Microsoft.Resources.ResourceWriteSuccess' }, reason: /malformed.*data/ },
    { label: 'a blob event', raw: event({ eventType: 'Microsoft.Storage.BlobCreated' }), reason: /not a resource write\/delete/ },
    { label: 'a failure event', raw: event({ eventType: 'Microsoft.Resources.ResourceWriteFailure' }), reason: /not a resource write\/delete/ },
    { label: 'an unwatched operation', raw: event({ operationName: 'Microsoft.Storage/storageAccounts/write' }), reason: /does not affect/ },
    { label: 'a resourceUri that is no ARM id', raw: event({ resourceUri: 'https://evil.example/x' }), reason: /not an ARM resource id/ },
    {
      label: 'a write operation on a delete event',
      raw: event({ eventType: 'Microsoft.Resources.ResourceDeleteSuccess' }),
      reason: /does not match event type/,
    },
  ])('ignores $label with a reason', ({ raw, reason }) => {
    const result = triageEvent(raw);
    expect(result.handled).toBe(false);
    if (!result.handled) expect(result.reason).toMatch(reason);
  });

  it('matches operation names case-insensitively, as ARM does not guarantee casing', () => {
    expect(triageEvent(event({ operationName: 'microsoft.network/virtualnetworks/subnets/write' })).handled).toBe(true);
  });
});
