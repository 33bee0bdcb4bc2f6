import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import type { OrderStatus } from '@gomart/contracts';
import { decodeCursor, DynamoConnection, encodeCursor, Tables } from '@gomart/dynamo';
import type { PendingWork, StoredOrder } from './order';
import type { Decision, OrderPage, OrderRepository, TransitionChanges } from './order.repository';

/** The sparse bySweep index holds only orders with unfinished work, under this partition. */
const SWEEP_PARTITION = 'due';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

@Injectable()
export class DynamoOrderRepository implements OrderRepository {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(
    @Inject(DynamoConnection) connection: DynamoConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.db = connection.client;
    this.table = connection.tableName(Tables.orders);
  }

  async get(id: string): Promise<StoredOrder | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    return Item ? toStored(Item) : undefined;
  }

  async claim(order: StoredOrder): Promise<boolean> {
    return this.conditional(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...order,
          customerSortKey: `${order.createdAt}#${order.id}`,
          sweepPartition: SWEEP_PARTITION,
          sweepAfter: iso(order.leaseUntil ?? Date.now()),
        },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  async listByCustomer(customerId: string, limit: number, cursor?: string): Promise<OrderPage> {
    const start = cursor
      ? decodeCursor('orders', cursor, (key) => key.customerId === customerId && Boolean(key.customerSortKey && key.id))
      : undefined;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: Tables.orders.indexes[0].indexName,
        KeyConditionExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': customerId },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    const next = LastEvaluatedKey
      ? { customerId, customerSortKey: String(LastEvaluatedKey.customerSortKey), id: String(LastEvaluatedKey.id) }
      : undefined;
    return { items: Items.map(toStored), nextCursor: next ? encodeCursor('orders', next) : null };
  }

  async decide(id: string, attempt: string, decision: Decision, now: string): Promise<boolean> {
    const placed = decision.status === 'PLACED';
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: { id },
        UpdateExpression: placed
          ? 'SET #status = :status, updatedAt = :now, outbox.#event = :event, confirmPending = :true, sweepAfter = :after REMOVE attempt, leaseUntil'
          : 'SET #status = :status, updatedAt = :now, rejection = :rejection, releasePending = :true, sweepAfter = :after REMOVE attempt, leaseUntil',
        ConditionExpression: '#status = :pending AND attempt = :attempt',
        ExpressionAttributeNames: { '#status': 'status', ...(placed ? { '#event': decision.event.eventId } : {}) },
        ExpressionAttributeValues: {
          ':status': decision.status,
          ':pending': 'PENDING',
          ':attempt': attempt,
          ':now': now,
          ':after': this.sweepAfter(),
          ':true': true,
          ...(placed ? { ':event': decision.event } : { ':rejection': decision.rejection }),
        },
      }),
    );
  }

  async takeOver(id: string, attempt: string, leaseUntil: number, now: number): Promise<StoredOrder | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: 'SET attempt = :attempt, leaseUntil = :until, sweepAfter = :after',
          ConditionExpression: '#status = :pending AND leaseUntil < :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':attempt': attempt,
            ':until': leaseUntil,
            ':after': iso(leaseUntil),
            ':pending': 'PENDING',
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toStored(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async transition(
    id: string,
    from: OrderStatus,
    to: OrderStatus,
    changes: TransitionChanges,
    now: string,
  ): Promise<StoredOrder | undefined> {
    const extra = changes.pending ? [`${changes.pending} = :true`] : [];
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: [
            'SET #status = :to, updatedAt = :now, outbox.#event = :event, sweepPartition = :due, sweepAfter = :after',
            ...extra,
          ].join(', '),
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status', '#event': changes.event.eventId },
          ExpressionAttributeValues: {
            ':to': to,
            ':from': from,
            ':now': now,
            ':event': changes.event,
            ':due': SWEEP_PARTITION,
            ':after': this.sweepAfter(),
            ...(extra.length ? { ':true': true } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toStored(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async clearPending(id: string, work: PendingWork): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.table, Key: { id }, UpdateExpression: `REMOVE ${work}` }));
  }

  async removeFromOutbox(id: string, eventId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { id },
        UpdateExpression: 'REMOVE outbox.#event',
        ExpressionAttributeNames: { '#event': eventId },
      }),
    );
  }

  async clearSweep(id: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: { id },
        UpdateExpression: 'REMOVE sweepPartition, sweepAfter',
        ConditionExpression:
          'attribute_exists(sweepPartition) AND #status <> :pending AND size(outbox) = :zero' +
          ' AND attribute_not_exists(confirmPending) AND attribute_not_exists(releasePending)' +
          ' AND attribute_not_exists(restockPending) AND attribute_not_exists(commitPending)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':zero': 0 },
      }),
    );
  }

  async dueForSweep(now: number, limit: number): Promise<string[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: Tables.orders.indexes[1].indexName,
        KeyConditionExpression: 'sweepPartition = :due AND sweepAfter <= :now',
        ExpressionAttributeValues: { ':due': SWEEP_PARTITION, ':now': iso(now) },
        Limit: limit,
      }),
    );
    return Items.map((item) => String(item.id));
  }

  async abandon(id: string, attempt: string): Promise<boolean> {
    return this.conditional(
      new DeleteCommand({
        TableName: this.table,
        Key: { id },
        ConditionExpression: '#status = :pending AND attempt = :attempt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':attempt': attempt },
      }),
    );
  }

  /** When the sweeper should look if the write's follow-up work (publish, release) did not finish. */
  private sweepAfter(): string {
    return iso(Date.now() + this.config.orders.leaseMs);
  }

  /** Runs a conditional write; false when its condition did not hold. */
  private async conditional(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    try {
      await this.db.send(command as PutCommand);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function toStored(item: Record<string, unknown>): StoredOrder {
  const { customerSortKey: _sortKey, sweepPartition: _partition, sweepAfter: _after, ...order } = item;
  return { outbox: {}, ...order } as unknown as StoredOrder;
}
