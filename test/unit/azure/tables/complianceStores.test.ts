import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAzurite, type RunningAzurite } from '../../../../sandbox/emulators/azurite';
import { createTableClient } from '../../../../shared/azure/tables/createTableClient';
import { ComplianceStore, type SubnetCompliance } from '../../../../shared/azure/tables/complianceStore';
import { WriteLedger } from '../../../../shared/azure/tables/writeLedger';

const sub = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const subnetId = (name: string) => `/subscriptions/${sub}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/${name}`;
const state = (name: string, overrides: Partial<SubnetCompliance> = {}): SubnetCompliance => ({
  subnetId: subnetId(name),
  subscriptionId: sub,
  vnetName: 'vnet-a',
  subnetName: name,
  state: 'compliant',
  mode: 'enforce',
  findings: [],
  lastWrites: [],
  updatedAt: '2026-11-23T05:00:00.000Z',
  ...overrides,
});

let azurite: RunningAzurite;
let directory: string;
let tables = 0;
const table = () => createTableClient({ connectionString: azurite.connectionString }, `t${Date.now()}${(tables += 1)}`);

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'azurite-'));
  azurite = await startAzurite({ location: directory, silent: true });
});
afterAll(async () => {
  await azurite?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('ComplianceStore', () => {
  it('keeps one state per subnet, case-insensitively, and lists them', async () => {
    const store = new ComplianceStore(table());
    await store.upsert(state('aks-a', { state: 'audit-only', findings: [{ code: 'route-table-missing', severity: 'error', message: 'no table' }] }));
    await store.upsert(state('aks-a'.toUpperCase(), { subnetId: subnetId('aks-a').toUpperCase(), state: 'compliant' }));
    await store.upsert(state('aks-b'));
    const listed = await store.list();
    expect(listed).toHaveLength(2);
    expect(listed.find((entry) => entry.subnetName === 'AKS-A')?.state).toBe('compliant');
  });

  it('remembers what was last posted to Teams across later upserts', async () => {
    const store = new ComplianceStore(table());
    await store.upsert(state('aks-a'));
    await store.markNotified(subnetId('aks-a'), sub, 'fingerprint-1');
    await store.upsert(state('aks-a', { state: 'remediated' }));
    expect(await store.get(subnetId('aks-a'), sub)).toMatchObject({ state: 'remediated', lastNotifiedFingerprint: 'fingerprint-1' });
  });

  it('an empty fingerprint clears what was last posted (the same drift coming back is told again); the route table and caller round-trip', async () => {
    const store = new ComplianceStore(table());
    await store.upsert(state('aks-a'));
    await store.markNotified(subnetId('aks-a'), sub, 'fingerprint-1');
    const routeTable = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-tf', ownedByGuard: false, adopted: true };
    await store.upsert(state('aks-a', { lastNotifiedFingerprint: '', routeTable, changedBy: 'jane@contoso.com at 2026-12-07T11:00:00Z' }));
    const read = await store.get(subnetId('aks-a'), sub);
    expect(read?.lastNotifiedFingerprint).toBeUndefined();
    expect(read).toMatchObject({ routeTable, changedBy: 'jane@contoso.com at 2026-12-07T11:00:00Z' });
  });

  it('writes many states in batches (more than one transaction per partition)', async () => {
    const store = new ComplianceStore(table());
    await store.upsertMany(Array.from({ length: 230 }, (_, index) => state(`aks-${index}`)));
    expect(await store.list()).toHaveLength(230);
  });

  it('answers undefined for a subnet it never saw', async () => {
    expect(await new ComplianceStore(table()).get(subnetId('nope'), sub)).toBeUndefined();
  });
});

describe('WriteLedger', () => {
  const write = { kind: 'subnet-put', resourceId: subnetId('aks-a') };

  it('counts writes of the last hour against the budget, across hour partitions', async () => {
    const ledger = new WriteLedger(table(), 3);
    const now = new Date('2026-11-23T10:10:00Z');
    await ledger.record([write], new Date('2026-11-23T08:59:00Z')); // older than an hour: free again
    await ledger.record([write], new Date('2026-11-23T09:30:00Z')); // previous hour partition, still in the window
    await ledger.record([write, write], new Date('2026-11-23T10:05:00Z'));
    const budget = await ledger.budget(now);
    expect(budget).toMatchObject({ remaining: 0, exhausted: true });
    expect(budget.nextReleaseAt?.toISOString()).toBe('2026-11-23T10:30:00.000Z');
    expect((await ledger.budget(new Date('2026-11-23T10:31:00Z'))).remaining).toBe(1);
  });

  it('lets only the first caller announce an exhausted budget', async () => {
    const ledger = new WriteLedger(table(), 1);
    const release = new Date('2026-11-23T11:00:00Z');
    const claims = await Promise.all([ledger.claimTripNotice(release), ledger.claimTripNotice(release), ledger.claimTripNotice(release)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
