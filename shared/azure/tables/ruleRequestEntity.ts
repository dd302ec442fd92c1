import type { TableEntity } from '@azure/data-tables';
import type { RuleRequest } from '../../core/ruleRequests/ruleRequest';

/** All rule requests and their idempotency markers share one partition, so a create can be one atomic batch. */
export const RULE_REQUEST_PARTITION = 'rule-requests';
export const REQUEST_ROW_PREFIX = 'request-';
export const IDEMPOTENCY_ROW_PREFIX = 'idempotency-';
/** Table string properties hold at most 64 KiB (32K UTF-16 chars); the document is split below that. */
const CHUNK_LENGTH = 30_000;

/** Queryable columns beside the JSON document, which stays the single source of truth. */
export interface RuleRequestEntity extends TableEntity {
  readonly status: string;
  readonly requesterId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly documentChunks: number;
  readonly [documentChunk: `document${number}`]: string;
}

export const requestRowKey = (id: string): string => `${REQUEST_ROW_PREFIX}${id}`;

/** Row key of the marker for (requester, key); base64url keeps it clear of the characters Table keys forbid. */
export const idempotencyRowKey = (requesterId: string, idempotencyKey: string): string =>
  `${IDEMPOTENCY_ROW_PREFIX}${Buffer.from(`${requesterId}\n${idempotencyKey}`, 'utf8').toString('base64url')}`;

export function toRuleRequestEntity(request: RuleRequest): RuleRequestEntity {
  const document = JSON.stringify(request);
  const chunks: Record<string, string> = {};
  let count = 0;
  for (let offset = 0; offset < document.length; offset += CHUNK_LENGTH) chunks[`document${count++}`] = document.slice(offset, offset + CHUNK_LENGTH);
  return {
    partitionKey: RULE_REQUEST_PARTITION,
    rowKey: requestRowKey(request.id),
    status: request.status,
    requesterId: request.requester.userId,
    createdAt: request.createdAt,
    expiresAt: request.spec.expiresAt,
    documentChunks: count,
    ...chunks,
  };
}

export function fromRuleRequestEntity(entity: Record<string, unknown>): RuleRequest {
  const count = typeof entity.documentChunks === 'number' ? entity.documentChunks : 0;
  let document = '';
  for (let index = 0; index < count; index++) {
    const chunk = entity[`document${index}`];
    if (typeof chunk !== 'string') throw new Error(`Rule request row ${String(entity.rowKey)} is missing document${index}`);
    document += chunk;
  }
  return JSON.parse(document) as RuleRequest;
}
