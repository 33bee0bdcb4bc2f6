import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { batchWriteAll, DynamoTable, InjectTable } from '@gomart/dynamo';
import type { ByteRange } from './archive-store';
import { newSealingKey, type SealingKey } from './archive-record';
import { OrderTables } from '../orders.tables';

/** Where one archived order is: its batch object and its byte range in it. */
export interface ArchiveEntry extends ByteRange {
  readonly orderId: string;
  readonly customerId: string;
  readonly createdAt: string;
  /** `YYYY-MM` of createdAt: the partition of the object. */
  readonly month: string;
  readonly batchId: string;
  readonly key: string;
}

/** A batch being archived: written before its object, removed once its orders have left the hot table. */
export interface OpenBatch {
  readonly batchId: string;
  readonly month: string;
  readonly key: string;
  readonly manifestKey: string;
  readonly sha256: string;
  readonly count: number;
  readonly startedAt: string;
  /** `id:offset:length` of every order, comma-separated (compact: the item stays far below 400 KB). */
  readonly layout: string;
}

export interface BatchSummary extends OpenBatch {
  readonly archived: number;
  /** Orders that changed (or were put on hold) while their batch was written: they stay hot, their copy in the object is not indexed. */
  readonly superseded: readonly string[];
  readonly doneAt: string;
}

const LEASE = { pk: 'lease', sk: 'archiver' };
const OPEN = 'batch-open';
const DONE = 'batch';
const orderKey = (orderId: string) => ({ pk: `order#${orderId}`, sk: '-' });
const customerKey = (customerId: string, createdAt: string, orderId: string) => ({ pk: `customer#${customerId}`, sk: `${createdAt}#${orderId}` });
const sealingKey = (customerId: string) => ({ pk: `key#${customerId}`, sk: '-' });

/**
 * The archive's index and bookkeeping in the `order-archive` table: each archived order by id
 * and under its customer (so it is found without reading the archive), the customers' sealing
 * keys, the journal of batches, and the runner's lease. Single-item writes and queries only.
 */
@Injectable()
export class ArchiveIndex {
  constructor(@InjectTable(OrderTables.orderArchive) private readonly table: DynamoTable<typeof OrderTables.orderArchive>) {}

  /** Takes the lease if it is free or expired (or already `owner`'s); false when another runner holds it. */
  acquireLease(owner: string, leaseMs: number, now = Date.now()): Promise<boolean> {
    return this.table.conditionally(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...LEASE, owner, until: now + leaseMs, since: new Date(now).toISOString() },
        ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': now, ':owner': owner },
      }),
    );
  }

  /** Extends the lease; false when `owner` lost it (another runner took over after it expired). */
  renewLease(owner: string, leaseMs: number, now = Date.now()): Promise<boolean> {
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: LEASE,
        UpdateExpression: 'SET #until = :until',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
        ExpressionAttributeValues: { ':until': now + leaseMs, ':owner': owner },
      }),
    );
  }

  async releaseLease(owner: string): Promise<void> {
    await this.table.conditionally(
      new DeleteCommand({
        TableName: this.table.name,
        Key: LEASE,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  }

  async leaseHolder(): Promise<{ owner: string; until: number } | undefined> {
    const item = await this.table.get(LEASE);
    return item ? { owner: String(item.owner), until: Number(item.until) } : undefined;
  }

  async openBatch(batch: OpenBatch): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { pk: OPEN, sk: batch.batchId, ...batch } }));
  }

  async openBatches(): Promise<OpenBatch[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': OPEN } });
    return items.map((item) => withoutKeys(item) as unknown as OpenBatch);
  }

  /** Records the batch as done (a summary kept for the record) and closes it. */
  async closeBatch(summary: BatchSummary): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { pk: DONE, sk: summary.batchId, ...summary } }));
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: { pk: OPEN, sk: summary.batchId } }));
  }

  /** A batch whose object was never written (the run died before): nothing to undo, its orders are still hot. */
  async abandonBatch(batchId: string): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: { pk: OPEN, sk: batchId } }));
  }

  async doneBatches(): Promise<BatchSummary[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': DONE } });
    return items.map((item) => withoutKeys(item) as unknown as BatchSummary);
  }

  /** Indexes archived orders by id and under their customer (idempotent: a repeat writes the same items). */
  async index(entries: readonly ArchiveEntry[]): Promise<void> {
    await batchWriteAll(
      this.table.client,
      this.table.name,
      entries.flatMap((entry) => [
        { PutRequest: { Item: { ...orderKey(entry.orderId), ...entry } } },
        { PutRequest: { Item: { ...customerKey(entry.customerId, entry.createdAt, entry.orderId), ...entry } } },
      ]),
    );
  }

  /** Removes an order's entries if they still point at `batchId` (a later batch's entries are left alone). */
  async unindex(entry: ArchiveEntry): Promise<void> {
    const condition = { ConditionExpression: 'batchId = :batch', ExpressionAttributeValues: { ':batch': entry.batchId } };
    await this.table.conditionally(
      new DeleteCommand({ TableName: this.table.name, Key: customerKey(entry.customerId, entry.createdAt, entry.orderId), ...condition }),
    );
    await this.table.conditionally(new DeleteCommand({ TableName: this.table.name, Key: orderKey(entry.orderId), ...condition }));
  }

  async find(orderId: string): Promise<ArchiveEntry | undefined> {
    const item = await this.table.get(orderKey(orderId));
    return item ? (withoutKeys(item) as unknown as ArchiveEntry) : undefined;
  }

  /** A customer's archived orders, newest first, strictly before the sort key `before` (`createdAt#id`). */
  async listByCustomer(customerId: string, before: string | undefined, limit: number): Promise<{ entries: ArchiveEntry[]; more: boolean }> {
    const { Items = [], LastEvaluatedKey } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `customer#${customerId}`, ...(before ? { ':before': before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return { entries: Items.map((item) => withoutKeys(item) as unknown as ArchiveEntry), more: LastEvaluatedKey !== undefined };
  }

  /** Every archived order of a customer (erasure counts them). */
  async allOfCustomer(customerId: string): Promise<ArchiveEntry[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `customer#${customerId}` } });
    return items.map((item) => withoutKeys(item) as unknown as ArchiveEntry);
  }

  /** The customer's current key, if any (none after an erasure, until their next archived order). */
  async sealingKey(customerId: string): Promise<SealingKey | undefined> {
    return toSealingKey(await this.table.get(sealingKey(customerId)));
  }

  /** The customer's key, created on first use (a concurrent creator's key wins); it remembers the last erasure. */
  async sealingKeyFor(customerId: string): Promise<SealingKey> {
    const item = await this.table.get(sealingKey(customerId));
    const existing = toSealingKey(item);
    if (existing) return existing;
    const fresh = { ...newSealingKey(), erasedAt: item?.erasedAt as string | undefined };
    const created = await this.table.conditionally(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...sealingKey(customerId), kid: fresh.kid, key: fresh.key.toString('base64'), erasedAt: fresh.erasedAt, createdAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': 'key' },
      }),
    );
    return created ? fresh : this.sealingKeyFor(customerId);
  }

  /**
   * Crypto-shredding: the key is replaced by a tombstone with the time of erasure, so the sealed
   * personal data of the customer's archived orders can never be read again, and personal data
   * read before this moment is never sealed afterwards (see `sealOrder`).
   */
  async destroySealingKey(customerId: string, erasedAt: string): Promise<boolean> {
    const { Attributes } = await this.table.client.send(
      new PutCommand({ TableName: this.table.name, Item: { ...sealingKey(customerId), erasedAt }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes?.key !== undefined;
  }

  private async queryAll(input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(new QueryCommand({ TableName: this.table.name, ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function toSealingKey(item: Record<string, unknown> | undefined): SealingKey | undefined {
  if (typeof item?.key !== 'string') return undefined;
  return { kid: String(item.kid), key: Buffer.from(item.key, 'base64'), erasedAt: typeof item.erasedAt === 'string' ? item.erasedAt : undefined };
}

function withoutKeys({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest;
}
