import type { TableClient, TransactionAction } from '@azure/data-tables';
import { createHash } from 'node:crypto';
import { statusCodeOf } from '../arm/armError';
import { tableEnsurer } from './ensureTable';

/** The last known state of one guarded subnet, as `GET /api/compliance` shows it. */
export interface SubnetCompliance {
  readonly subnetId: string;
  readonly subscriptionId: string;
  readonly vnetName: string;
  readonly subnetName: string;
  /** compliant | remediating | audit-only | contested | failed */
  readonly state: string;
  readonly mode: string | undefined;
  readonly findings: ReadonlyArray<{ code: string; severity: string; message: string }>;
  readonly lastWrites: ReadonlyArray<{ kind: string; resourceId: string; reason: string }>;
  readonly updatedAt: string;
  readonly failure?: string;
  /** The route table the subnet uses, whether the guard owns it, and whether it was adopted as someone else's compliant table. */
  readonly routeTable?: { readonly id: string; readonly ownedByGuard: boolean; readonly adopted: boolean };
  /** Who broke it and when (the event's caller), as of the last drift. */
  readonly changedBy?: string;
  /** What was last posted to Teams for this subnet: notifications are sent only when it changes. */
  readonly lastNotifiedFingerprint?: string;
}

interface ComplianceEntity {
  partitionKey: string;
  rowKey: string;
  subnetId: string;
  vnetName: string;
  subnetName: string;
  state: string;
  mode?: string;
  findingsJson: string;
  lastWritesJson: string;
  updatedAt: string;
  failure?: string;
  routeTableJson?: string;
  changedBy?: string;
  lastNotifiedFingerprint?: string;
}

/** Row key of a subnet: resource ids hold '/', which Table storage keys forbid. */
export const complianceRowKey = (subnetId: string): string => createHash('sha256').update(subnetId.toLowerCase()).digest('hex');

/** Per-subnet compliance state in Table storage, one partition per subscription. */
export class ComplianceStore {

  private readonly ensureTable: () => Promise<void>;

  constructor(private readonly table: TableClient) {
    this.ensureTable = tableEnsurer(table);
  }

  async upsert(state: SubnetCompliance): Promise<void> {
    await this.ensureTable();
    // Merge keeps lastNotifiedFingerprint when a caller does not set it.
    await this.table.upsertEntity(toEntity(state), 'Merge');
  }

  /** Many states at once: one transaction per 100 entities of a partition (Table storage's batch limit). */
  async upsertMany(states: readonly SubnetCompliance[]): Promise<void> {
    await this.ensureTable();
    const byPartition = new Map<string, ComplianceEntity[]>();
    for (const state of states) {
      const entity = toEntity(state);
      const group = byPartition.get(entity.partitionKey) ?? [];
      group.push(entity);
      byPartition.set(entity.partitionKey, group);
    }
    for (const entities of byPartition.values()) {
      for (let index = 0; index < entities.length; index += 100) {
        const actions: TransactionAction[] = entities.slice(index, index + 100).map((entity) => ['upsert', { ...entity }, 'Merge']);
        await this.table.submitTransaction(actions);
      }
    }
  }

  async get(subnetId: string, subscriptionId: string): Promise<SubnetCompliance | undefined> {
    await this.ensureTable();
    try {
      return fromEntity(await this.table.getEntity<ComplianceEntity>(subscriptionId.toLowerCase(), complianceRowKey(subnetId)));
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  async markNotified(subnetId: string, subscriptionId: string, fingerprint: string): Promise<void> {
    await this.ensureTable();
    await this.table.upsertEntity({ partitionKey: subscriptionId.toLowerCase(), rowKey: complianceRowKey(subnetId), lastNotifiedFingerprint: fingerprint }, 'Merge');
  }

  async list(): Promise<SubnetCompliance[]> {
    await this.ensureTable();
    const states: SubnetCompliance[] = [];
    for await (const entity of this.table.listEntities<ComplianceEntity>()) {
      if (entity.subnetId) states.push(fromEntity(entity));
    }
    return states.sort((a, b) => a.subnetId.localeCompare(b.subnetId));
  }
}

function toEntity(state: SubnetCompliance): ComplianceEntity {
  return {
    partitionKey: state.subscriptionId.toLowerCase(),
    rowKey: complianceRowKey(state.subnetId),
    subnetId: state.subnetId,
    vnetName: state.vnetName,
    subnetName: state.subnetName,
    state: state.state,
    findingsJson: JSON.stringify(state.findings),
    lastWritesJson: JSON.stringify(state.lastWrites),
    updatedAt: state.updatedAt,
    ...(state.mode ? { mode: state.mode } : {}),
    ...(state.failure ? { failure: state.failure } : {}),
    ...(state.routeTable ? { routeTableJson: JSON.stringify(state.routeTable) } : {}),
    ...(state.changedBy ? { changedBy: state.changedBy } : {}),
    // '' clears what was last posted (Merge would otherwise keep it).
    ...(state.lastNotifiedFingerprint !== undefined ? { lastNotifiedFingerprint: state.lastNotifiedFingerprint } : {}),
  };
}

function fromEntity(entity: ComplianceEntity): SubnetCompliance {
  return {
    subnetId: entity.subnetId,
    subscriptionId: entity.partitionKey,
    vnetName: entity.vnetName,
    subnetName: entity.subnetName,
    state: entity.state,
    mode: entity.mode,
    findings: JSON.parse(entity.findingsJson ?? '[]') as SubnetCompliance['findings'],
    lastWrites: JSON.parse(entity.lastWritesJson ?? '[]') as SubnetCompliance['lastWrites'],
    updatedAt: entity.updatedAt,
    ...(entity.failure ? { failure: entity.failure } : {}),
    ...(entity.changedBy ? { changedBy: entity.changedBy } : {}),
    ...(entity.routeTableJson ? { routeTable: JSON.parse(entity.routeTableJson) as NonNullable<SubnetCompliance['routeTable']> } : {}),
    ...(entity.lastNotifiedFingerprint ? { lastNotifiedFingerprint: entity.lastNotifiedFingerprint } : {}),
  };
}
