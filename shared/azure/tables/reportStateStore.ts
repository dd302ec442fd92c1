import type { TableClient } from '@azure/data-tables';
import { emptyReportState, type ReportState } from './reportState';
import { fromReportStateEntity, reportStateKeys, toReportStateEntity, type ReportStateEntity } from './reportStateEntity';
import { statusCodeOf } from '../arm/armError';
import { tableEnsurer } from './ensureTable';

export type { ReportDeliveryOutcome, ReportState } from './reportState';

/** The egress report's state: one entity, replaced whole on every run (the report is the only writer). */
export class ReportStateStore {

  private readonly ensureTable: () => Promise<void>;

  constructor(private readonly table: Pick<TableClient, 'createTable' | 'getEntity' | 'upsertEntity'>) {
    this.ensureTable = tableEnsurer(table);
  }

  async get(): Promise<ReportState> {
    await this.ensureTable();
    try {
      return fromReportStateEntity(await this.table.getEntity<ReportStateEntity>(reportStateKeys.partitionKey, reportStateKeys.rowKey));
    } catch (error) {
      if (statusCodeOf(error) === 404) return emptyReportState;
      throw error;
    }
  }

  async save(state: ReportState): Promise<void> {
    await this.ensureTable();
    // Replace, not merge: a smaller FQDN set must not leave stale chunks of a bigger one behind.
    await this.table.upsertEntity(toReportStateEntity(state), 'Replace');
  }
}
