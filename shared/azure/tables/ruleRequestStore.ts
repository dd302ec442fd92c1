import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { HistoryEntry, RuleRequest, RuleRequestStatus } from '../../core/ruleRequests/ruleRequest';
import type { RuleRequestSpec } from '../../core/ruleRequests/ruleRequestSpec';
import {
  REQUEST_ROW_PREFIX,
  RULE_REQUEST_PARTITION,
  fromRuleRequestEntity,
  idempotencyRowKey,
  requestRowKey,
  toRuleRequestEntity,
} from './ruleRequestEntity';
import { statusCodeOf } from '../arm/armError';
import { IdempotencyConflictError, RuleRequestConcurrencyError, RuleRequestNotFoundError } from './ruleRequestStoreErrors';
import { tableEnsurer } from './ensureTable';

export interface StoredRuleRequest {
  readonly request: RuleRequest;
  readonly etag: string;
}

export interface CreateResult extends StoredRuleRequest {
  /** False when an earlier create with the same requester + idempotency key is returned instead. */
  readonly created: boolean;
}

export interface ListRuleRequestsOptions {
  readonly status?: RuleRequestStatus;
  readonly requesterId?: string;
  /** Only requests whose expiresAt is at or before this instant (the expiry sweep). */
  readonly expiresAtOrBefore?: Date;
}

const HISTORY_APPEND_ATTEMPTS = 5;

/**
 * Rule requests in one Azure Table. Each request is one row (queryable columns + the JSON document); an
 * idempotency marker row per (requester, key) is created in the same batch as the request, so two concurrent
 * creates with the same key cannot both succeed: the loser gets 409 and returns the winner's request.
 */
export class RuleRequestStore {
  /** Creates the table if it does not exist (tableEnsurer: once, retried after a failure). */
  readonly ensureTable: () => Promise<void>;

  constructor(private readonly client: TableClient) {
    this.ensureTable = tableEnsurer(client);
  }

  async create(request: RuleRequest): Promise<CreateResult> {
    const entity = toRuleRequestEntity(request);
    const key = request.spec.idempotencyKey;
    if (key === undefined) {
      const response = await this.client.createEntity(entity);
      return { request, etag: response.etag ?? '', created: true };
    }
    const marker = {
      partitionKey: RULE_REQUEST_PARTITION,
      rowKey: idempotencyRowKey(request.requester.userId, key),
      requestId: request.id,
      fingerprint: fingerprintOf(request.spec),
    };
    try {
      const response = await this.client.submitTransaction([
        ['create', entity],
        ['create', marker],
      ]);
      const etag = response.subResponses.find((sub) => sub.rowKey === entity.rowKey)?.etag ?? (await this.mustGet(request.id)).etag;
      return { request, etag, created: true };
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
      return this.existingFor(marker.rowKey, marker.fingerprint, error);
    }
  }

  async get(id: string): Promise<StoredRuleRequest | undefined> {
    try {
      const entity = await this.client.getEntity(RULE_REQUEST_PARTITION, requestRowKey(id));
      return { request: fromRuleRequestEntity(entity), etag: entity.etag };
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Matching requests, oldest first. */
  async list(options: ListRuleRequestsOptions = {}): Promise<StoredRuleRequest[]> {
    // Required here, not at the top: a type-only import keeps the Tables SDK out of function-app start (cold start).
    const { odata } = require('@azure/data-tables') as typeof import('@azure/data-tables');
    const clauses = [
      odata`PartitionKey eq ${RULE_REQUEST_PARTITION} and RowKey ge ${REQUEST_ROW_PREFIX} and RowKey lt ${nextPrefix(REQUEST_ROW_PREFIX)}`,
      ...(options.status ? [odata`status eq ${options.status}`] : []),
      ...(options.requesterId ? [odata`requesterId eq ${options.requesterId}`] : []),
      ...(options.expiresAtOrBefore ? [odata`expiresAt le ${options.expiresAtOrBefore.toISOString()}`] : []),
    ];
    const found: StoredRuleRequest[] = [];
    for await (const entity of this.client.listEntities({ queryOptions: { filter: clauses.join(' and ') } })) {
      found.push({ request: fromRuleRequestEntity(entity), etag: entity.etag });
    }
    return found.sort((a, b) => a.request.createdAt.localeCompare(b.request.createdAt) || a.request.id.localeCompare(b.request.id));
  }

  /** Replaces the request if it still has `etag`; returns the new etag. Throws RuleRequestConcurrencyError on 412. */
  async update(request: RuleRequest, etag: string): Promise<string> {
    try {
      const response = await this.client.updateEntity(toRuleRequestEntity(request), 'Replace', { etag });
      return response.etag ?? '';
    } catch (error) {
      if (statusCodeOf(error) === 412) throw new RuleRequestConcurrencyError(`Rule request ${request.id} changed since it was read`);
      if (statusCodeOf(error) === 404) throw new RuleRequestNotFoundError(`Rule request ${request.id} does not exist`);
      throw error;
    }
  }

  /** Adds a history entry, re-reading and retrying when a concurrent writer got there first (appends commute). */
  async appendHistory(id: string, entry: HistoryEntry): Promise<StoredRuleRequest> {
    for (let attempt = 1; ; attempt++) {
      const { request, etag } = await this.mustGet(id);
      const next: RuleRequest = { ...request, history: [...request.history, entry] };
      try {
        return { request: next, etag: await this.update(next, etag) };
      } catch (error) {
        if (!(error instanceof RuleRequestConcurrencyError) || attempt >= HISTORY_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  private async mustGet(id: string): Promise<StoredRuleRequest> {
    const stored = await this.get(id);
    if (!stored) throw new RuleRequestNotFoundError(`Rule request ${id} does not exist`);
    return stored;
  }

  private async existingFor(markerRowKey: string, fingerprint: string, conflict: unknown): Promise<CreateResult> {
    let marker: Record<string, unknown>;
    try {
      marker = await this.client.getEntity(RULE_REQUEST_PARTITION, markerRowKey);
    } catch (error) {
      // No marker: the 409 was a request id collision, not an idempotent replay.
      if (statusCodeOf(error) === 404) throw conflict;
      throw error;
    }
    const requestId = String(marker.requestId);
    if (marker.fingerprint !== fingerprint) throw new IdempotencyConflictError(requestId);
    return { ...(await this.mustGet(requestId)), created: false };
  }
}

/** What makes two requests "the same" for idempotency. expiresAt is left out: when omitted it defaults to now + max. */
function fingerprintOf(spec: RuleRequestSpec): string {
  const { fqdns, protocols, source, justification } = spec;
  return createHash('sha256').update(JSON.stringify({ fqdns, protocols, source, justification })).digest('base64url');
}

/** The smallest string greater than every string starting with prefix (for a RowKey range scan). */
const nextPrefix = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

