import type { TableClient } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { changeBudget, type ChangeBudget } from '../../core/drift/changeBudget';
import { statusCodeOf } from '../arm/armError';
import { tableEnsurer } from './ensureTable';

const hourInMs = 3_600_000;
const hourPartition = (time: Date) => `writes-${time.toISOString().slice(0, 13)}`;
const tripPartition = 'budget-trips';

/**
 * Every ARM write the app makes, one entity each, partitioned by hour, so CHANGE_BUDGET_PER_HOUR holds across all
 * orchestrations and instances of the app (a per-process counter would not).
 */
export class WriteLedger {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly table: TableClient,
    private readonly budgetPerHour: number,
  ) {
    this.ensureTable = tableEnsurer(table);
  }

  async budget(now: Date): Promise<ChangeBudget> {
    await this.ensureTable();
    const times: Date[] = [];
    for (const partition of [hourPartition(new Date(now.getTime() - hourInMs)), hourPartition(now)]) {
      const entities = this.table.listEntities<{ at: string }>({ queryOptions: { filter: `PartitionKey eq '${partition}'`, select: ['at'] } });
      for await (const entity of entities) times.push(new Date(entity.at));
    }
    return changeBudget(times, this.budgetPerHour, now);
  }

  async record(writes: ReadonlyArray<{ kind: string; resourceId: string }>, at: Date): Promise<void> {
    if (writes.length === 0) return;
    await this.ensureTable();
    await Promise.all(
      writes.map((write) =>
        this.table.createEntity({ partitionKey: hourPartition(at), rowKey: `${at.toISOString()}-${randomUUID()}`, at: at.toISOString(), kind: write.kind, resourceId: write.resourceId }),
      ),
    );
  }

  /**
   * Records that the budget ran out in the window ending at `releaseAt`; true only for the first caller, so the loud
   * "switched to audit" card is posted once per exhaustion, not once per subnet.
   */
  async claimTripNotice(releaseAt: Date | undefined): Promise<boolean> {
    await this.ensureTable();
    const key = (releaseAt ?? new Date(0)).toISOString().slice(0, 13);
    try {
      await this.table.createEntity({ partitionKey: tripPartition, rowKey: key, at: new Date().toISOString() });
      return true;
    } catch (error) {
      if (statusCodeOf(error) === 409) return false;
      throw error;
    }
  }
}
