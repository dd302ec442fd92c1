import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAzurite, type RunningAzurite } from '../../../../sandbox/emulators/azurite';
import { createTableClient } from '../../../../shared/azure/tables/createTableClient';

/**
 * Azure Storage never loses a write it acknowledged. Azurite saves its tables every 5 s, so without the sandbox's
 * preload (sandbox/emulators/azuriteDurableWrites.ts) a kill -9 right after these 2xx answers loses them.
 */
jest.setTimeout(60_000);

let directory: string;
const running: RunningAzurite[] = [];

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'azurite-durable-'));
});
afterAll(async () => {
  for (const azurite of running) await azurite.close();
  await rm(directory, { recursive: true, force: true });
});

const killNow = async (azurite: RunningAzurite) => {
  process.kill(azurite.pid ?? 0, 'SIGKILL');
  await azurite.close(); // resolves once the process is gone
};

it('keeps every acknowledged insert, update and delete across kill -9', async () => {
  const first = await startAzurite({ location: directory, silent: true });
  running.push(first);
  const table = createTableClient({ connectionString: first.connectionString }, 'durable');
  await table.createTable();
  for (let index = 0; index < 20; index++) await table.createEntity({ partitionKey: 'p', rowKey: `r${index}`, value: index });
  await table.updateEntity({ partitionKey: 'p', rowKey: 'r3', value: 333 }, 'Replace');
  await table.deleteEntity('p', 'r7');
  await table.submitTransaction([['create', { partitionKey: 'p', rowKey: 'batch-a', value: 1 }], ['create', { partitionKey: 'p', rowKey: 'batch-b', value: 2 }]]);
  await killNow(first);

  const second = await startAzurite({ location: directory, silent: true });
  running.push(second);
  const again = createTableClient({ connectionString: second.connectionString }, 'durable');
  const rows = new Map<string, unknown>();
  for await (const entity of again.listEntities<{ value: number }>()) rows.set(entity.rowKey ?? '', entity.value);
  expect(rows.size).toBe(20 - 1 + 2);
  expect(rows.get('r3')).toBe(333);
  expect(rows.has('r7')).toBe(false);
  expect(rows.get('batch-b')).toBe(2);
});
