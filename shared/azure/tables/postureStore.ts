import type { TableClient } from '@azure/data-tables';
import { createHash } from 'node:crypto';
import type { RememberedFinding } from '../../core/posture/postureChanges';
import type { ClusterPosture } from '../../core/posture/types';
import { statusCodeOf } from '../arm/armError';
import { tableEnsurer } from './ensureTable';

/** One cluster's last posture and what the channel was last told about it. */
export interface StoredPosture {
  readonly posture: ClusterPosture;
  readonly evaluatedAt: string;
  /** The findings the last posted card left the channel knowing; [] before the first card. */
  readonly told: readonly RememberedFinding[];
}

interface PostureEntity {
  partitionKey: string;
  rowKey: string;
  clusterId: string;
  postureJson: string;
  evaluatedAt: string;
  toldJson?: string;
}

const partitionKey = 'posture';
const rowKeyOf = (clusterId: string) => createHash('sha256').update(clusterId.toLowerCase()).digest('hex');

/**
 * Posture per cluster in Table storage, so every instance sees the same last posture and the same "what Teams was
 * told": a card goes out for a change once, whichever instance runs the pass.
 */
export class PostureStore {

  private readonly ensureTable: () => Promise<void>;

  constructor(private readonly table: TableClient) {
    this.ensureTable = tableEnsurer(table);
  }

  async list(): Promise<StoredPosture[]> {
    await this.ensureTable();
    const stored: StoredPosture[] = [];
    for await (const entity of this.table.listEntities<PostureEntity>({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } })) {
      if (entity.postureJson) stored.push(fromEntity(entity));
    }
    return stored.sort((a, b) => a.posture.clusterName.localeCompare(b.posture.clusterName));
  }

  /** Records the latest evaluation; `told` is kept unless given. */
  async record(posture: ClusterPosture, evaluatedAt: string, told?: readonly RememberedFinding[]): Promise<void> {
    await this.ensureTable();
    const entity: PostureEntity = {
      partitionKey,
      rowKey: rowKeyOf(posture.clusterId),
      clusterId: posture.clusterId,
      postureJson: JSON.stringify(posture),
      evaluatedAt,
      ...(told ? { toldJson: JSON.stringify(told) } : {}),
    };
    await this.table.upsertEntity(entity, 'Merge');
  }

  async markTold(clusterId: string, told: readonly RememberedFinding[]): Promise<void> {
    await this.ensureTable();
    await this.table.upsertEntity({ partitionKey, rowKey: rowKeyOf(clusterId), toldJson: JSON.stringify(told) }, 'Merge');
  }

  async remove(clusterId: string): Promise<void> {
    await this.ensureTable();
    await this.table.deleteEntity(partitionKey, rowKeyOf(clusterId)).catch((error: unknown) => {
      if (statusCodeOf(error) !== 404) throw error;
    });
  }
}

function fromEntity(entity: PostureEntity): StoredPosture {
  return {
    posture: JSON.parse(entity.postureJson) as ClusterPosture,
    evaluatedAt: entity.evaluatedAt,
    told: JSON.parse(entity.toldJson ?? '[]') as RememberedFinding[],
  };
}
