import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { randomUUID } from 'node:crypto';
import { statusCodeOf } from '../arm/armError';
import { tableEnsurer } from './ensureTable';

/**
 * The Teams outbox: cards Teams did not take, one entity each in the app's own table storage, so every instance of
 * the app sees them and a restart loses none. A drain claims a card by writing its lease with If-Match on the etag it
 * read: of two instances draining at once only one claim succeeds (the other gets 412), so a card is posted once.
 *
 * Entities never hold the webhook URL; `lastError` comes from the poster, which already hides it.
 */

export type OutboxState = 'pending' | 'given-up';

export interface OutboxEntry {
  readonly id: string;
  readonly summary: string;
  readonly state: OutboxState;
  readonly enqueuedAt: string;
  /** Not before this time: the next retry, or the end of a drain's lease. */
  readonly nextAttemptAt: string;
  /** HTTP posts made so far (the first delivery's tries included). */
  readonly attempts: number;
  /** Outbox retries so far (the back-off exponent). */
  readonly retries: number;
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly givenUpAt?: string;
}

export interface QueuedCard extends OutboxEntry {
  readonly card: IAdaptiveCard;
  readonly etag: string;
}

export interface OutboxFailure {
  readonly attempts: number;
  readonly status?: number;
  readonly error?: string;
}

interface OutboxEntity {
  partitionKey: string;
  rowKey: string;
  summary: string;
  state: OutboxState;
  enqueuedAt: string;
  nextAttemptAt: string;
  attempts: number;
  retries: number;
  lastStatus?: number;
  lastError?: string;
  givenUpAt?: string;
  cardJson?: string;
}

const PARTITION = 'outbox';
/** Table string properties hold at most 32K UTF-16 characters; a card Teams accepts (28 KB) always fits. */
const MAX_STRING_LENGTH = 32_000;

export class TeamsOutbox {

  private readonly ensureTable: () => Promise<void>;

  constructor(private readonly table: TableClient) {
    this.ensureTable = tableEnsurer(table);
  }

  /** Queues a card Teams did not take; it is due at `nextAttemptAt`. */
  async enqueue(card: IAdaptiveCard, summary: string, failure: OutboxFailure, now: Date, nextAttemptAt: Date): Promise<OutboxEntry> {
    await this.ensureTable();
    const cardJson = JSON.stringify(card);
    if (cardJson.length > MAX_STRING_LENGTH) throw new RangeError(`The card "${summary}" is ${cardJson.length} characters; the outbox keeps at most ${MAX_STRING_LENGTH}`);
    const entity: OutboxEntity = {
      partitionKey: PARTITION,
      // Time first, so the outbox lists (and drains) oldest first.
      rowKey: `${now.toISOString().replace(/[:.]/g, '')}-${randomUUID()}`,
      summary: clip(summary),
      state: 'pending',
      enqueuedAt: now.toISOString(),
      nextAttemptAt: nextAttemptAt.toISOString(),
      attempts: failure.attempts,
      retries: 0,
      ...failureFields(failure),
      cardJson,
    };
    await this.table.createEntity(entity);
    return toEntry(entity);
  }

  /** Records a card that can never be delivered (e.g. too large) as given up at once, so it is not silently lost. */
  async recordGivenUp(summary: string, failure: OutboxFailure, now: Date): Promise<OutboxEntry> {
    await this.ensureTable();
    const at = now.toISOString();
    const entity: OutboxEntity = {
      partitionKey: PARTITION,
      rowKey: `${at.replace(/[:.]/g, '')}-${randomUUID()}`,
      summary: clip(summary),
      state: 'given-up',
      enqueuedAt: at,
      nextAttemptAt: at,
      attempts: failure.attempts,
      retries: 0,
      ...failureFields(failure),
      givenUpAt: at,
    };
    await this.table.createEntity(entity);
    return toEntry(entity);
  }

  /** Pending cards due at `now`, oldest first, at most `limit`. */
  async due(now: Date, limit: number): Promise<QueuedCard[]> {
    await this.ensureTable();
    const cards: QueuedCard[] = [];
    const filter = `PartitionKey eq '${PARTITION}' and state eq 'pending' and nextAttemptAt le '${now.toISOString()}'`;
    for await (const entity of this.table.listEntities<OutboxEntity>({ queryOptions: { filter } })) {
      cards.push(toQueuedCard(entity));
      if (cards.length >= limit) break;
    }
    return cards;
  }

  /**
   * Takes the card for one delivery attempt until `leaseUntil`: If-Match on the etag it was read with. Undefined
   * when another instance changed it first (claimed, delivered or rescheduled it).
   */
  async claim(card: QueuedCard, leaseUntil: Date): Promise<QueuedCard | undefined> {
    const changes = { nextAttemptAt: leaseUntil.toISOString(), retries: card.retries + 1 };
    const etag = await this.ifMatch(() => this.table.updateEntity({ partitionKey: PARTITION, rowKey: card.id, ...changes }, 'Merge', { etag: card.etag }));
    return etag === undefined ? undefined : { ...card, ...changes, etag };
  }

  /** Removes a delivered card (If-Match on the claim's etag); false when it had changed meanwhile. */
  async remove(card: QueuedCard): Promise<boolean> {
    return (await this.ifMatch(async () => (await this.table.deleteEntity(PARTITION, card.id, { etag: card.etag }), {}))) !== undefined;
  }

  /** After a failed retry: due again at `nextAttemptAt`. */
  async reschedule(card: QueuedCard, failure: OutboxFailure, nextAttemptAt: Date): Promise<boolean> {
    const changes = { nextAttemptAt: nextAttemptAt.toISOString(), attempts: card.attempts + failure.attempts, ...failureFields(failure) };
    return (await this.ifMatch(() => this.table.updateEntity({ partitionKey: PARTITION, rowKey: card.id, ...changes }, 'Merge', { etag: card.etag }))) !== undefined;
  }

  /** After the last failed retry: kept as given up (without the card) for the record. */
  async giveUp(card: QueuedCard, failure: OutboxFailure, now: Date): Promise<boolean> {
    const entity: OutboxEntity = {
      partitionKey: PARTITION,
      rowKey: card.id,
      summary: card.summary,
      state: 'given-up',
      enqueuedAt: card.enqueuedAt,
      nextAttemptAt: now.toISOString(),
      attempts: card.attempts + failure.attempts,
      retries: card.retries,
      ...failureFields(failure),
      givenUpAt: now.toISOString(),
    };
    return (await this.ifMatch(() => this.table.updateEntity(entity, 'Replace', { etag: card.etag }))) !== undefined;
  }

  /** Deletes given-up records older than `before` (they stay on record for a while, then go); how many. */
  async purgeGivenUp(before: Date): Promise<number> {
    await this.ensureTable();
    let purged = 0;
    const filter = `PartitionKey eq '${PARTITION}' and state eq 'given-up' and givenUpAt lt '${before.toISOString()}'`;
    for await (const entity of this.table.listEntities<OutboxEntity>({ queryOptions: { filter, select: ['RowKey'] } })) {
      if ((await this.ifMatch(async () => (await this.table.deleteEntity(PARTITION, entity.rowKey, { etag: entity.etag }), {}))) !== undefined) purged++;
    }
    return purged;
  }

  /** Everything in the outbox, oldest first, without the cards. */
  async list(): Promise<OutboxEntry[]> {
    await this.ensureTable();
    const entries: OutboxEntry[] = [];
    const select = ['RowKey', 'summary', 'state', 'enqueuedAt', 'nextAttemptAt', 'attempts', 'retries', 'lastStatus', 'lastError', 'givenUpAt'];
    for await (const entity of this.table.listEntities<OutboxEntity>({ queryOptions: { filter: `PartitionKey eq '${PARTITION}'`, select } })) {
      entries.push(toEntry(entity));
    }
    return entries;
  }

  /** Runs a conditional write; its new etag (or '' for a delete), undefined on 412/404 (someone else was first). */
  private async ifMatch(write: () => Promise<{ etag?: string }>): Promise<string | undefined> {
    try {
      return (await write()).etag ?? '';
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 412 || status === 404) return undefined;
      throw error;
    }
  }
}

function failureFields(failure: OutboxFailure): Pick<OutboxEntity, 'lastStatus' | 'lastError'> {
  return { ...(failure.status !== undefined ? { lastStatus: failure.status } : {}), ...(failure.error ? { lastError: clip(failure.error) } : {}) };
}

const clip = (text: string) => (text.length > 1000 ? `${text.slice(0, 999)}…` : text);

function toEntry(entity: OutboxEntity | TableEntityResult<OutboxEntity>): OutboxEntry {
  return {
    id: entity.rowKey,
    summary: entity.summary,
    state: entity.state,
    enqueuedAt: entity.enqueuedAt,
    nextAttemptAt: entity.nextAttemptAt,
    attempts: entity.attempts,
    retries: entity.retries,
    ...(typeof entity.lastStatus === 'number' ? { lastStatus: entity.lastStatus } : {}),
    ...(entity.lastError ? { lastError: entity.lastError } : {}),
    ...(entity.givenUpAt ? { givenUpAt: entity.givenUpAt } : {}),
  };
}

function toQueuedCard(entity: TableEntityResult<OutboxEntity>): QueuedCard {
  return { ...toEntry(entity), card: JSON.parse(entity.cardJson ?? '{}') as IAdaptiveCard, etag: entity.etag };
}
