import type { TableClient } from '@azure/data-tables';
import { createHash, randomUUID } from 'node:crypto';
import type { RepairRecord } from '../../core/drift/fight';
import { tableEnsurer } from './ensureTable';

/**
 * The guard's repairs per resource property (fight detection), one entity each, one partition per property, in
 * table storage: the count must hold across passes, orchestration generations, instances and worker processes.
 */
export class RepairLedger {

  private readonly ensureTable: () => Promise<void>;

  constructor(private readonly table: TableClient) {
    this.ensureTable = tableEnsurer(table);
  }

  async repairsSince(key: string, since: Date): Promise<RepairRecord[]> {
    await this.ensureTable();
    const records: RepairRecord[] = [];
    const filter = `PartitionKey eq '${partitionOf(key)}' and at gt '${since.toISOString()}'`;
    for await (const entity of this.table.listEntities<{ at: string; brokenBy?: string }>({ queryOptions: { filter } })) {
      records.push({ at: entity.at, ...(entity.brokenBy ? { brokenBy: entity.brokenBy } : {}) });
    }
    return records;
  }

  async record(key: string, resourceId: string, record: RepairRecord): Promise<void> {
    await this.ensureTable();
    await this.table.createEntity({ partitionKey: partitionOf(key), rowKey: `${record.at}-${randomUUID()}`, key, resourceId, at: record.at, ...(record.brokenBy ? { brokenBy: record.brokenBy } : {}) });
  }
}

/** Table keys may not hold '/', and ids are long: a hash of the key. */
const partitionOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40);
