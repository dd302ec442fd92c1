import { actorOf, describeActor, isOwnChange, triageEvent, watchedOperations } from '../../../../shared/core/events/resourceEvent';

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
        actor: { appid: 'app-1', at: '2026-11-23T05:00:00Z' },
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

describe('who changed it', () => {
  it("reads ARM's long claim names, the short JWT ones, and the caller's IP", () => {
    const claims = {
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'jane@contoso.com',
      name: 'Jane Doe',
      appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      'http://schemas.microsoft.com/identity/claims/objectidentifier': '11111111-2222-3333-4444-555555555555',
    };
    const raw = { ...event({ claims }), data: { ...event({ claims }).data, httpRequest: { clientIpAddress: '203.0.113.7', method: 'PUT' } } };
    const result = triageEvent(raw);
    expect(result).toMatchObject({
      handled: true,
      change: { actor: { upn: 'jane@contoso.com', name: 'Jane Doe', appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', oid: '11111111-2222-3333-4444-555555555555', clientIp: '203.0.113.7', at: '2026-11-23T05:00:00Z' } },
    });
    if (!result.handled) return;
    expect(describeActor(result.change.actor)).toBe('Jane Doe (jane@contoso.com) from 203.0.113.7 at 2026-11-23T05:00:00Z');
    expect(actorOf({ oid: 'o-1', upn: 'ci@contoso.com' }, undefined, undefined)).toEqual({ oid: 'o-1', upn: 'ci@contoso.com' });
  });

  it('an event without claims has no actor, and says so', () => {
    const raw = event();
    delete (raw.data as { claims?: unknown }).claims;
    const result = triageEvent(raw);
    expect(result.handled && result.change.actor).toBeUndefined();
    expect(describeActor(undefined)).toMatch(/unknown/);
  });

  it.each([
    { label: 'same object id', actor: { oid: 'APP-OID' }, self: { oid: 'app-oid', appid: 'app-id' }, own: true },
    { label: 'same app id', actor: { appid: 'app-id', oid: 'other' }, self: { oid: 'app-oid', appid: 'app-id' }, own: true },
    { label: 'someone else', actor: { upn: 'jane@contoso.com', oid: 'jane-oid' }, self: { oid: 'app-oid', appid: 'app-id' }, own: false },
    { label: 'the app identity is unknown', actor: { oid: 'app-oid' }, self: undefined, own: false },
    { label: 'the event has no caller', actor: undefined, self: { oid: 'app-oid' }, own: false },
  ])("recognises the app's own changes: $label", ({ actor, self, own }) => {
    expect(isOwnChange(actor, self)).toBe(own);
  });
});

describe('oversized events', () => {
  it('an event nested deeper than any ARM event is ignored with a reason, without recursion', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let level = 0; level < 100_000; level += 1) {
      const next = {};
      deep.x = next;
      deep = next;
    }
    const raw = { ...event(), data: { ...event().data, claims: root } };
    expect(triageEvent(raw)).toEqual({ handled: false, reason: expect.stringMatching(/nested deeper than 32 levels/) });
  });

  it('an event over 1 MB is ignored with a reason', () => {
    const raw = { ...event(), data: { ...event().data, claims: { note: 'x'.repeat(1_100_000) } } };
    expect(triageEvent(raw)).toEqual({ handled: false, reason: expect.stringMatching(/larger than 1048576 bytes/) });
  });
});
