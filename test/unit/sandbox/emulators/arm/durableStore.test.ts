import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceStore } from '../../../../../sandbox/emulators/arm/store';
import type { ArmResource } from '../../../../../sandbox/emulators/arm/types';
import { startHarness } from './harness';

/**
 * Acknowledged = saved: every change made through record()/rollback() is in the change log before record() returns
 * (so before the emulator answers). A "crash" is a second store on the same files while the first one still holds
 * its delayed snapshot (no flush, no close), as after a kill -9.
 */
const GROUP = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg';
const vnetId = `${GROUP}/providers/Microsoft.Network/virtualNetworks/vnet-a`;
const vnet = (tag: string): ArmResource => ({ id: vnetId, name: 'vnet-a', type: 'Microsoft.Network/virtualNetworks', tags: { tag }, properties: { provisioningState: 'Succeeded' } });
const subnet = (name: string, prefix: string): ArmResource => ({
  id: `${vnetId}/subnets/${name}`,
  name,
  type: 'Microsoft.Network/virtualNetworks/subnets',
  properties: { provisioningState: 'Succeeded', addressPrefix: prefix },
});
const table = (name: string): ArmResource => ({ id: `${GROUP}/providers/Microsoft.Network/routeTables/${name}`, name, type: 'Microsoft.Network/routeTables', properties: {} });

let dir: string;
let statePath: string;
const stores: ResourceStore[] = [];
/** A store with a snapshot delay no test reaches: only the change log can carry its writes to the next instance. */
const open = (): ResourceStore => {
  const store = new ResourceStore(statePath, 3_600_000);
  stores.push(store);
  return store;
};
const reopen = (): ResourceStore => {
  const store = open();
  expect(store.loadPersisted()).toBe(true);
  return store;
};
const ids = (store: ResourceStore) => store.all().map((record) => record.name);
const logLines = () => readFileSync(`${statePath}.log`, 'utf8').split('\n').filter(Boolean);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arm-durable-'));
  statePath = join(dir, 'arm.json');
  const seeded = open();
  seeded.set(vnet('seed'));
  seeded.set(subnet('snet-1', '10.0.1.0/24'));
  seeded.persist();
});
afterEach(() => {
  for (const store of stores.splice(0)) store.flush(); // clears the pending snapshot timer
  rmSync(dir, { recursive: true, force: true });
});

it('has every acknowledged put and delete after a crash, with no snapshot written since the seed', () => {
  const store = reopen();
  const snapshotBefore = readFileSync(statePath, 'utf8');
  store.record(() => store.set(table('rt-1')));
  store.record(() => store.set(vnet('changed')));
  store.record(() => store.delete(`${vnetId}/subnets/snet-1`));
  store.record(() => store.set(subnet('snet-2', '10.0.2.0/24')));
  expect(readFileSync(statePath, 'utf8')).toBe(snapshotBefore); // the delayed snapshot has not run

  const restarted = reopen();
  expect(ids(restarted)).toEqual(['rt-1', 'vnet-a', 'snet-2']);
  expect(restarted.get(vnetId)?.tags).toEqual({ tag: 'changed' });
  expect(restarted.get(`${vnetId}/subnets/snet-1`)).toBeUndefined();
  expect(restarted.subnetsReferencing('routeTable', 'x')).toEqual([]); // indexes are rebuilt by replay
  expect(restarted.children(vnetId, 'Microsoft.Network/virtualNetworks/subnets').map((record) => record.name)).toEqual(['snet-2']);
});

it('writes one log line per change (nested changes included), holding each record in full and each deleted key', () => {
  const store = reopen();
  store.record(() => {
    store.set(vnet('v2'));
    store.record(() => store.set(subnet('snet-2', '10.0.2.0/24')));
    store.delete(`${vnetId}/subnets/snet-1`);
  });
  const lines = logLines().map((line) => JSON.parse(line) as { put: ArmResource[]; delete: string[] });
  expect(lines).toHaveLength(1);
  expect(lines[0]?.put.map((record) => record.name).sort()).toEqual(['snet-2', 'vnet-a']);
  expect(lines[0]?.put.find((record) => record.name === 'snet-2')).toEqual(subnet('snet-2', '10.0.2.0/24'));
  expect(lines[0]?.delete).toEqual([`${vnetId}/subnets/snet-1`.toLowerCase()]);
});

it('saves a rollback (a failed LRO) before it returns', () => {
  const store = reopen();
  const journal = store.record(() => store.set(vnet('in-progress')));
  expect(reopen().get(vnetId)?.tags).toEqual({ tag: 'in-progress' });
  store.rollback(journal);
  expect(reopen().get(vnetId)?.tags).toEqual({ tag: 'seed' });
});

it('undoes a change that throws, in memory and on disk (nothing half-applied)', () => {
  const store = reopen();
  expect(() =>
    store.record(() => {
      store.set(vnet('half'));
      store.record(() => store.delete(`${vnetId}/subnets/snet-1`));
      throw new Error('refused midway');
    }),
  ).toThrow('refused midway');
  expect(store.get(vnetId)?.tags).toEqual({ tag: 'seed' });
  expect(ids(store)).toEqual(['vnet-a', 'snet-1']);
  store.record(() => store.set(table('rt-1')));
  const restarted = reopen();
  expect(ids(restarted)).toEqual(['rt-1', 'vnet-a', 'snet-1']);
  expect(restarted.get(vnetId)?.tags).toEqual({ tag: 'seed' });
});

it('ignores a torn last line (a crash mid-append) and cuts it off, so the next change is read back', () => {
  const store = reopen();
  store.record(() => store.set(table('rt-1')));
  const torn = JSON.stringify({ put: [table('rt-torn')], delete: [] }).slice(0, 40);
  appendFileSync(`${statePath}.log`, torn);

  const restarted = reopen();
  expect(ids(restarted)).toEqual(['rt-1', 'vnet-a', 'snet-1']);
  restarted.record(() => restarted.set(table('rt-2')));
  expect(ids(reopen())).toEqual(['rt-1', 'rt-2', 'vnet-a', 'snet-1']);
  expect(readFileSync(`${statePath}.log`, 'utf8')).not.toContain('rt-torn');
});

it('refuses a log whose damage is not a torn tail, naming the file and line', () => {
  const store = reopen();
  store.record(() => store.set(table('rt-1')));
  appendFileSync(`${statePath}.log`, 'not json\n');
  appendFileSync(`${statePath}.log`, `${JSON.stringify({ put: [table('rt-9')], delete: [] })}\n`);
  expect(() => open().loadPersisted()).toThrow(`${statePath}.log, line 2: not a change log line`);
});

it('rotates on snapshot: the snapshot holds every change and the log starts empty', () => {
  const store = reopen();
  store.record(() => store.set(table('rt-1')));
  store.record(() => store.delete(`${vnetId}/subnets/snet-1`));
  expect(logLines()).toHaveLength(2);
  store.flush();
  expect(readFileSync(`${statePath}.log`, 'utf8')).toBe('');
  expect((JSON.parse(readFileSync(statePath, 'utf8')) as ArmResource[]).map((record) => record.name)).toEqual(['rt-1', 'vnet-a']);
  store.record(() => store.set(table('rt-2')));
  expect(logLines()).toHaveLength(1);
  expect(ids(reopen())).toEqual(['rt-1', 'rt-2', 'vnet-a']);
});

it('replays a log already in the snapshot without changing anything (a crash between rename and truncate)', () => {
  const store = reopen();
  store.record(() => store.set(subnet('snet-2', '10.0.2.0/24')));
  store.record(() => store.delete(`${vnetId}/subnets/snet-2`));
  store.record(() => store.set(vnet('v2')));
  store.record(() => store.delete(`${vnetId}/subnets/snet-1`));
  const log = readFileSync(`${statePath}.log`, 'utf8');
  store.persist();
  writeFileSync(`${statePath}.log`, log); // the truncate never happened

  const restarted = reopen();
  expect(restarted.all()).toEqual(store.all());
  expect(ids(restarted)).toEqual(['vnet-a']);
  expect(restarted.get(vnetId)?.tags).toEqual({ tag: 'v2' });
});

it('drops a log that has no snapshot (left before a seed was first saved) at the next snapshot', () => {
  rmSync(statePath);
  writeFileSync(`${statePath}.log`, `${JSON.stringify({ put: [table('rt-stale')], delete: [] })}\n`);
  const store = open();
  expect(store.loadPersisted()).toBe(false);
  store.set(table('rt-seed'));
  store.persist();
  expect(ids(reopen())).toEqual(['rt-seed']);
});

it('keeps no change log without a state file', () => {
  const store = new ResourceStore(undefined, 200);
  store.record(() => store.set(table('rt-1')));
  expect(store.logPath).toBeUndefined();
  expect(existsSync(`${statePath}.log`)).toBe(false);
});

it('over HTTPS: a write the SDK saw succeed is on disk before the emulator writes its snapshot', async () => {
  rmSync(statePath); // the emulator seeds the default estate
  const first = await startHarness({ statePath, persistDelayMs: 3_600_000 });
  try {
    await first.network.routeTables.beginCreateOrUpdateAndWait('rg-spoke', 'rt-acknowledged', { location: 'westeurope' });
    await first.network.routeTables.beginDeleteAndWait('rg-spoke', 'rt-acknowledged');
    await first.network.routeTables.beginCreateOrUpdateAndWait('rg-spoke', 'rt-kept', { location: 'westeurope', tags: { kept: 'yes' } });
    // The first emulator is still running (its snapshot pending): the second one starts from the files as a kill -9 leaves them.
    const restarted = reopen();
    expect(restarted.get(`/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-acknowledged`)).toBeUndefined();
    const kept = restarted.get(`/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-spoke/providers/Microsoft.Network/routeTables/rt-kept`);
    expect(kept?.tags).toEqual({ kept: 'yes' });
    expect(kept?.properties?.['provisioningState']).toBe('Succeeded');
  } finally {
    await first.close();
  }
});
