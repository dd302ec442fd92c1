import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAzurite, type RunningAzurite } from '../../../../sandbox/emulators/azurite';
import { createTableClient } from '../../../../shared/azure/tables/createTableClient';
import { RuleRequestStore } from '../../../../shared/azure/tables/ruleRequestStore';
import { IdempotencyConflictError, RuleRequestConcurrencyError } from '../../../../shared/azure/tables/ruleRequestStoreErrors';
import { newRuleRequest, type RuleRequest } from '../../../../shared/core/ruleRequests/ruleRequest';
import type { RuleRequestSpec } from '../../../../shared/core/ruleRequests/ruleRequestSpec';
import { transition } from '../../../../shared/core/ruleRequests/transitions';

const now = new Date('2026-11-24T10:00:00Z');
const alice = { userId: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Alice' };
const bob = { userId: 'bbbbbbbb-0000-4000-8000-000000000002', name: 'Bob' };

const spec = (overrides: Partial<RuleRequestSpec> = {}): RuleRequestSpec => ({
  fqdns: ['api.example.com'],
  protocols: [{ protocolType: 'Https', port: 443 }],
  source: { kind: 'addresses', addresses: ['10.42.1.0/24'] },
  justification: 'Payment provider API for the checkout service',
  expiresAt: '2026-12-24T10:00:00.000Z',
  ...overrides,
});

let azurite: RunningAzurite;
let directory: string;
let store: RuleRequestStore;
let tableCount = 0;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'azurite-'));
  azurite = await startAzurite({ location: directory, silent: true });
});

afterAll(async () => {
  await azurite?.close();
  await rm(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  // A fresh table per test keeps tests independent without restarting Azurite.
  store = new RuleRequestStore(createTableClient({ connectionString: azurite.connectionString }, `rulerequests${++tableCount}`));
  await store.ensureTable();
});

describe('startAzurite', () => {
  it('serves the three endpoints on 127.0.0.1 with the devstoreaccount1 connection string', () => {
    for (const endpoint of [azurite.blobEndpoint, azurite.queueEndpoint, azurite.tableEndpoint]) {
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    }
    expect(azurite.connectionString).toContain(`TableEndpoint=${azurite.tableEndpoint};`);
    expect(azurite.connectionString).toContain('AccountName=devstoreaccount1;');
  });
});

describe('RuleRequestStore.create', () => {
  it('stores a request that get returns unchanged', async () => {
    const request = newRuleRequest('r1', spec(), alice, now);
    const result = await store.create(request);
    expect(result.created).toBe(true);
    const stored = await store.get('r1');
    expect(stored?.request).toEqual(request);
    expect(stored?.etag).toBe(result.etag);
  });

  it('returns the first request when the same requester repeats an idempotency key', async () => {
    const first = await store.create(newRuleRequest('r1', spec({ idempotencyKey: 'k-1' }), alice, now));
    const again = await store.create(newRuleRequest('r2', spec({ idempotencyKey: 'k-1', expiresAt: '2026-12-25T00:00:00.000Z' }), alice, now));
    expect(again.created).toBe(false);
    expect(again.request.id).toBe('r1');
    expect(again.etag).toBe(first.etag);
    expect(await store.get('r2')).toBeUndefined();
  });

  it('lets only one of two concurrent creates with the same key win', async () => {
    const results = await Promise.all(
      ['r1', 'r2', 'r3'].map((id) => store.create(newRuleRequest(id, spec({ idempotencyKey: 'same' }), alice, now))),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.request.id)).size).toBe(1);
    expect(await store.list()).toHaveLength(1);
  });

  it('treats the same key from another requester as a different request', async () => {
    await store.create(newRuleRequest('r1', spec({ idempotencyKey: 'k' }), alice, now));
    const other = await store.create(newRuleRequest('r2', spec({ idempotencyKey: 'k' }), bob, now));
    expect(other.created).toBe(true);
  });

  it('refuses a reused key with a different body', async () => {
    await store.create(newRuleRequest('r1', spec({ idempotencyKey: 'k' }), alice, now));
    await expect(store.create(newRuleRequest('r2', spec({ idempotencyKey: 'k', fqdns: ['other.example.com'] }), alice, now))).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
  });

  it('keeps a document larger than one table property (chunked)', async () => {
    const long = newRuleRequest('big', spec(), alice, now);
    const history = Array.from({ length: 400 }, (_, index) => ({ at: now.toISOString(), stage: 'pending-approval' as const, note: `note ${index} ${'x'.repeat(200)}` }));
    const request: RuleRequest = { ...long, history };
    await store.create(request);
    expect((await store.get('big'))?.request.history).toHaveLength(400);
  });
});

describe('RuleRequestStore.list', () => {
  it('filters by status, requester and expiry', async () => {
    const pending = newRuleRequest('p1', spec(), alice, now);
    const approved = transition(newRuleRequest('a1', spec({ expiresAt: '2026-11-30T00:00:00.000Z' }), bob, new Date(now.getTime() + 1000)), { type: 'approve', by: alice }, now);
    await store.create(pending);
    await store.create(approved);
    expect((await store.list()).map((s) => s.request.id)).toEqual(['p1', 'a1']);
    expect((await store.list({ status: 'approved' })).map((s) => s.request.id)).toEqual(['a1']);
    expect((await store.list({ requesterId: alice.userId })).map((s) => s.request.id)).toEqual(['p1']);
    expect((await store.list({ expiresAtOrBefore: new Date('2026-12-01T00:00:00Z') })).map((s) => s.request.id)).toEqual(['a1']);
  });

  it('does not list idempotency markers', async () => {
    await store.create(newRuleRequest('r1', spec({ idempotencyKey: 'k' }), alice, now));
    expect(await store.list()).toHaveLength(1);
  });
});

describe('RuleRequestStore.update', () => {
  it('writes with a current etag and refuses a stale one', async () => {
    const { request, etag } = await store.create(newRuleRequest('r1', spec(), alice, now));
    const approved = transition(request, { type: 'approve', by: bob }, now);
    const newEtag = await store.update(approved, etag);
    expect(newEtag).not.toBe(etag);
    expect((await store.get('r1'))?.request.status).toBe('approved');
    await expect(store.update(transition(request, { type: 'reject', by: bob, note: 'no' }, now), etag)).rejects.toBeInstanceOf(RuleRequestConcurrencyError);
    expect((await store.get('r1'))?.request.status).toBe('approved');
  });
});

describe('RuleRequestStore.appendHistory', () => {
  it('keeps every entry when appends race', async () => {
    await store.create(newRuleRequest('r1', spec(), alice, now));
    await Promise.all(['a', 'b', 'c'].map((note) => store.appendHistory('r1', { at: now.toISOString(), stage: 'pending-approval', note })));
    const notes = (await store.get('r1'))?.request.history.map((entry) => entry.note);
    expect(notes?.slice(1).sort()).toEqual(['a', 'b', 'c']);
  });
});
