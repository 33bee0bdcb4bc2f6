import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { STOCK_MOVES, type OrderStatus, type StockMove } from '@gomart/contracts';
import { DynamoTable, InjectTable, type Page, type PageRequest } from '@gomart/dynamo';
import type { StoredOrder } from './order';
import { toStoredOrder } from './order-record';
import type { Decision, OrderRepository, TransitionChanges } from './order.repository';
import { OrderTables } from './orders.tables';

/** The sparse bySweep index holds only orders with unfinished work, under this partition. */
const SWEEP_PARTITION = 'due';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** Nothing left to do: no placement running, no stock move pending, no event to publish. */
const SETTLED = {
  condition:
    'attribute_exists(sweepPartition) AND #status <> :pending AND size(outbox) = :zero AND ' +
    STOCK_MOVES.map((_, index) => `attribute_not_exists(stockMoves.#m${index})`).join(' AND '),
  names: Object.fromEntries(STOCK_MOVES.map((move, index) => [`#m${index}`, move])),
};

@Injectable()
export class DynamoOrderRepository implements OrderRepository {
  constructor(
    @InjectTable(OrderTables.orders) private readonly table: DynamoTable<typeof OrderTables.orders>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(id: string): Promise<StoredOrder | undefined> {
    const item = await this.table.get({ id });
    return item ? toStoredOrder(item) : undefined;
  }

  claim(order: StoredOrder): Promise<boolean> {
    return this.table.conditionally(
      new PutCommand({
        TableName: this.table.name,
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

  async listByCustomer(customerId: string, page: PageRequest): Promise<Page<StoredOrder>> {
    const { items, nextCursor } = await this.table.queryPage(
      {
        index: 'byCustomer',
        KeyConditionExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': customerId },
        ScanIndexForward: false,
      },
      { ...page, mode: 'orders', accept: (key) => key.customerId === customerId },
    );
    return { items: items.map(toStoredOrder), nextCursor };
  }

  decide(id: string, attempt: string, decision: Decision, stockMove: StockMove, now: string): Promise<boolean> {
    const placed = decision.status === 'PLACED';
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: [
          'SET #status = :status, updatedAt = :now, stockMoves.#move = :true, sweepAfter = :after',
          placed ? 'outbox.#event = :event' : 'rejection = :rejection',
        ].join(', ') + ' REMOVE attempt, leaseUntil',
        ConditionExpression: '#status = :pending AND attempt = :attempt',
        ExpressionAttributeNames: { '#status': 'status', '#move': stockMove, ...(placed ? { '#event': decision.event.eventId } : {}) },
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
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: 'SET attempt = :attempt, leaseUntil = :until, sweepAfter = :after',
        ConditionExpression: '#status = :pending AND leaseUntil < :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':attempt': attempt, ':until': leaseUntil, ':after': iso(leaseUntil), ':pending': 'PENDING', ':now': now },
        ReturnValues: 'ALL_NEW',
      }),
      () => undefined,
    );
    return outcome.applied ? toStoredOrder(outcome.item) : undefined;
  }

  async transition(id: string, from: OrderStatus, to: OrderStatus, changes: TransitionChanges, now: string): Promise<StoredOrder | undefined> {
    const { event, stockMove } = changes;
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: [
          'SET #status = :to, updatedAt = :now, outbox.#event = :event, sweepPartition = :due, sweepAfter = :after',
          ...(stockMove ? ['stockMoves.#move = :true'] : []),
        ].join(', '),
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status', '#event': event.eventId, ...(stockMove ? { '#move': stockMove } : {}) },
        ExpressionAttributeValues: {
          ':to': to,
          ':from': from,
          ':now': now,
          ':event': event,
          ':due': SWEEP_PARTITION,
          ':after': this.sweepAfter(),
          ...(stockMove ? { ':true': true } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
      () => undefined,
    );
    return outcome.applied ? toStoredOrder(outcome.item) : undefined;
  }

  async stockMoveDone(id: string, move: StockMove): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: 'REMOVE stockMoves.#move',
        ExpressionAttributeNames: { '#move': move },
      }),
    );
  }

  async removeFromOutbox(id: string, eventId: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: 'REMOVE outbox.#event',
        ExpressionAttributeNames: { '#event': eventId },
      }),
    );
  }

  async clearSweep(id: string): Promise<void> {
    await this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: 'REMOVE sweepPartition, sweepAfter',
        ConditionExpression: SETTLED.condition,
        ExpressionAttributeNames: { '#status': 'status', ...SETTLED.names },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':zero': 0 },
      }),
    );
  }

  async dueForSweep(now: number, limit: number): Promise<string[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'bySweep',
        KeyConditionExpression: 'sweepPartition = :due AND sweepAfter <= :now',
        ExpressionAttributeValues: { ':due': SWEEP_PARTITION, ':now': iso(now) },
        Limit: limit,
      }),
    );
    return Items.map((item) => String(item.id));
  }

  abandon(id: string, attempt: string): Promise<boolean> {
    return this.table.conditionally(
      new DeleteCommand({
        TableName: this.table.name,
        Key: { id },
        ConditionExpression: '#status = :pending AND attempt = :attempt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':attempt': attempt },
      }),
    );
  }

  /** When the sweeper should look if the write's follow-up work (publish, stock moves) did not finish. */
  private sweepAfter(): string {
    return iso(Date.now() + this.config.orders.leaseMs);
  }
}
