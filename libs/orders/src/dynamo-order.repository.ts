import { DeleteCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import type { OrderStatus } from '@gomart/contracts';
import { dropGhostIndexEntry, DynamoTable, InjectTable } from '@gomart/dynamo';
import { ORDER_WORK, type LegalHold, type LinePick, type OrderWork, type StoredOrder } from './order';
import type { OpenOrder } from './open-order-limits';
import { isFinal, ORDER_STATUSES } from './order-lifecycle';
import { toStoredOrder } from './order-record';
import type { Decision, OrderRepository, SweepCursor, SweepEntry, TransitionChanges } from './order.repository';
import { OrderTables } from './orders.tables';

/** The sparse bySweep index holds only orders with unfinished work, under this partition. */
const SWEEP_PARTITION = 'due';

/** Statuses someone can still move an order out of: what the business-flow limits count. */
const OPEN_STATUSES = ORDER_STATUSES.filter((status) => !isFinal(status));

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** Nothing left to do: no placement running, no work pending, no event to publish. */
const SETTLED = {
  condition:
    'attribute_exists(sweepPartition) AND #status <> :pending AND size(outbox) = :zero AND ' +
    ORDER_WORK.map((_, index) => `attribute_not_exists(#work.#w${index})`).join(' AND '),
  names: { '#work': 'work', ...Object.fromEntries(ORDER_WORK.map((work, index) => [`#w${index}`, work])) },
};

/**
 * What the archiver may take: a final status, nothing left to do (off the sweeper's list), not
 * held, and (if it was restored from the archive) restored long enough ago.
 */
const ARCHIVABLE = {
  condition:
    '#status IN (:delivered, :cancelled, :rejected) AND attribute_not_exists(legalHold) AND attribute_not_exists(sweepPartition)',
  names: { '#status': 'status' },
  values: { ':delivered': 'DELIVERED', ':cancelled': 'CANCELLED', ':rejected': 'REJECTED' },
};

/** `SET work.<a> = :true, work.<b> = :true` for each piece of work, with its names. */
function workAssignments(work: readonly OrderWork[]): { clauses: string[]; names: Record<string, string> } {
  return {
    clauses: work.map((_, index) => `#work.#w${index} = :true`),
    names: work.length ? { '#work': 'work', ...Object.fromEntries(work.map((item, index) => [`#w${index}`, item])) } : {},
  };
}

/** `REMOVE work.<a>, outbox.<event>, …` for work done and events published, with their names. */
function doneRemovals(work: readonly OrderWork[], eventIds: readonly string[]): { clauses: string[]; names: Record<string, string> } {
  return {
    clauses: [...work.map((_, index) => `#work.#d${index}`), ...eventIds.map((_, index) => `outbox.#e${index}`)],
    names: {
      ...(work.length ? { '#work': 'work' } : {}),
      ...Object.fromEntries(work.map((item, index) => [`#d${index}`, item])),
      ...Object.fromEntries(eventIds.map((eventId, index) => [`#e${index}`, eventId])),
    },
  };
}

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
          ...boardKeys(order),
          sweepPartition: SWEEP_PARTITION,
          sweepAfter: iso(order.leaseUntil ?? Date.now()),
        },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  async openOrdersOf(customerId: string): Promise<OpenOrder[]> {
    const open: OpenOrder[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: 'byCustomer',
          KeyConditionExpression: 'customerId = :customer',
          FilterExpression: `#status IN (${OPEN_STATUSES.map((_, index) => `:s${index}`).join(', ')})`,
          ProjectionExpression: 'id, #lines',
          ExpressionAttributeNames: { '#status': 'status', '#lines': 'lines' },
          ExpressionAttributeValues: { ':customer': customerId, ...Object.fromEntries(OPEN_STATUSES.map((status, index) => [`:s${index}`, status])) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const lines = Array.isArray(item.lines) ? (item.lines as { productId: unknown; quantity: unknown }[]) : [];
        open.push({ id: String(item.id), lines: lines.map((line) => ({ productId: String(line.productId), quantity: Number(line.quantity) })) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return open;
  }

  async listForBoard(day: string, limit: number): Promise<StoredOrder[]> {
    const orders: StoredOrder[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: 'byBoardDay',
          KeyConditionExpression: 'boardDay = :day',
          ExpressionAttributeValues: { ':day': day },
          Limit: limit - orders.length,
          ExclusiveStartKey: start,
        }),
      );
      orders.push(...(page.Items ?? []).map(toStoredOrder));
      start = page.LastEvaluatedKey;
    } while (start && orders.length < limit);
    return orders;
  }

  decide(id: string, attempt: string, decision: Decision, work: readonly OrderWork[], now: string): Promise<boolean> {
    const placed = decision.status === 'PLACED';
    const assignments = workAssignments(work);
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression:
          [
            'SET #status = :status, updatedAt = :now, sweepAfter = :after, timeline = list_append(if_not_exists(timeline, :empty), :entry)',
            placed ? 'outbox.#event = :event' : 'rejection = :rejection',
            ...assignments.clauses,
          ].join(', ') + ' REMOVE attempt, leaseUntil',
        ConditionExpression: '#status = :pending AND attempt = :attempt',
        ExpressionAttributeNames: { '#status': 'status', ...assignments.names, ...(placed ? { '#event': decision.event.eventId } : {}) },
        ExpressionAttributeValues: {
          ':status': decision.status,
          ':pending': 'PENDING',
          ':attempt': attempt,
          ':now': now,
          ':after': this.sweepAfter(),
          ':empty': [],
          ':entry': [{ status: decision.status, at: now }],
          ...(work.length ? { ':true': true } : {}),
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
    const { event, work, picked } = changes;
    const assignments = workAssignments(work);
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: [
          'SET #status = :to, updatedAt = :now, outbox.#event = :event, sweepPartition = :due, sweepAfter = :after',
          'timeline = list_append(if_not_exists(timeline, :empty), :entry)',
          ...assignments.clauses,
          ...(picked ? ['pickedAt = :pickedAt', 'finalTotalCents = :final'] : []),
        ].join(', '),
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status', '#event': event.eventId, ...assignments.names },
        ExpressionAttributeValues: {
          ':to': to,
          ':from': from,
          ':now': now,
          ':event': event,
          ':due': SWEEP_PARTITION,
          ':after': this.sweepAfter(),
          ':empty': [],
          ':entry': [{ status: to, at: now }],
          ...(work.length ? { ':true': true } : {}),
          ...(picked ? { ':pickedAt': picked.pickedAt, ':final': picked.finalTotalCents } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
      () => undefined,
    );
    return outcome.applied ? toStoredOrder(outcome.item) : undefined;
  }

  async recordPick(id: string, index: number, pick: LinePick, now: string): Promise<StoredOrder | undefined> {
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        // The index is ours (a line of this order), never a client's string.
        UpdateExpression: `SET #lines[${index}].#pick = :pick, updatedAt = :now`,
        ConditionExpression: `#status = :picking AND attribute_exists(#lines[${index}]) AND attribute_not_exists(#lines[${index}].#pick)`,
        ExpressionAttributeNames: { '#status': 'status', '#lines': 'lines', '#pick': 'pick' },
        ExpressionAttributeValues: { ':pick': pick, ':now': now, ':picking': 'PICKING' },
        ReturnValues: 'ALL_NEW',
      }),
      () => undefined,
    );
    return outcome.applied ? toStoredOrder(outcome.item) : undefined;
  }

  async settle(id: string, work: readonly OrderWork[], eventIds: readonly string[]): Promise<boolean> {
    const removals = doneRemovals(work, eventIds);
    const others = ORDER_WORK.filter((candidate) => !work.includes(candidate));
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: `REMOVE ${[...removals.clauses, 'sweepPartition', 'sweepAfter'].join(', ')}`,
        // What is removed is all there is: no other work, no other event, no placement running.
        ConditionExpression: [
          'attribute_exists(sweepPartition) AND #status <> :pending AND size(outbox) = :events',
          ...eventIds.map((_, index) => `attribute_exists(outbox.#e${index})`),
          ...others.map((_, index) => `attribute_not_exists(#work.#o${index})`),
        ].join(' AND '),
        ExpressionAttributeNames: {
          '#status': 'status',
          '#work': 'work',
          ...removals.names,
          ...Object.fromEntries(others.map((other, index) => [`#o${index}`, other])),
        },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':events': eventIds.length },
      }),
    );
  }

  async recordDone(id: string, work: readonly OrderWork[], eventIds: readonly string[]): Promise<void> {
    const removals = doneRemovals(work, eventIds);
    if (removals.clauses.length === 0) return;
    // Conditional only so that an order deleted meanwhile is not written back as a bare key.
    await this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: `REMOVE ${removals.clauses.join(', ')}`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: removals.names,
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

  async dueForSweep(now: number, limit: number, start?: SweepCursor): Promise<{ entries: SweepEntry[]; next?: SweepCursor }> {
    const { Items = [], LastEvaluatedKey } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'bySweep',
        KeyConditionExpression: 'sweepPartition = :due AND sweepAfter <= :now',
        ExpressionAttributeValues: { ':due': SWEEP_PARTITION, ':now': iso(now) },
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return { entries: Items.map((item) => ({ id: String(item.id), sweepAfter: String(item.sweepAfter) })), next: LastEvaluatedKey };
  }

  async dropSweepEntry(entry: SweepEntry): Promise<void> {
    await dropGhostIndexEntry(this.table.client, this.table.name, { id: entry.id, sweepPartition: SWEEP_PARTITION, sweepAfter: entry.sweepAfter }, ['id']);
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

  async listByCustomerBefore(customerId: string, before: string | undefined, limit: number): Promise<{ items: StoredOrder[]; more: boolean }> {
    const { Items = [], LastEvaluatedKey } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'byCustomer',
        KeyConditionExpression: before ? 'customerId = :customer AND customerSortKey < :before' : 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': customerId, ...(before ? { ':before': before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return { items: Items.map(toStoredOrder), more: LastEvaluatedKey !== undefined };
  }

  async scanArchivable(
    cutoff: string,
    limit: number,
    start?: Record<string, unknown>,
  ): Promise<{ orders: StoredOrder[]; next?: Record<string, unknown> }> {
    const { Items = [], LastEvaluatedKey } = await this.table.client.send(
      new ScanCommand({
        TableName: this.table.name,
        FilterExpression: `${ARCHIVABLE.condition} AND updatedAt < :cutoff AND (attribute_not_exists(restoredAt) OR restoredAt < :cutoff)`,
        ExpressionAttributeNames: ARCHIVABLE.names,
        ExpressionAttributeValues: { ...ARCHIVABLE.values, ':cutoff': cutoff },
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return { orders: Items.map(toStoredOrder), next: LastEvaluatedKey };
  }

  async deleteArchived(order: Pick<StoredOrder, 'id' | 'updatedAt'>): Promise<'deleted' | 'gone' | 'changed'> {
    const outcome = await this.table.writeOrExplain(
      new DeleteCommand({
        TableName: this.table.name,
        Key: { id: order.id },
        ConditionExpression: `${ARCHIVABLE.condition} AND updatedAt = :seen`,
        ExpressionAttributeNames: ARCHIVABLE.names,
        ExpressionAttributeValues: { ...ARCHIVABLE.values, ':seen': order.updatedAt },
      }),
      (current) => (current ? ('changed' as const) : ('gone' as const)),
    );
    return outcome.applied ? 'deleted' : outcome.explanation;
  }

  reinstate(order: StoredOrder, restoredAt: string): Promise<boolean> {
    return this.table.conditionally(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...order, restoredAt, customerSortKey: `${order.createdAt}#${order.id}`, ...boardKeys(order) },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  async setLegalHold(id: string, hold: LegalHold | undefined): Promise<StoredOrder | undefined> {
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: hold ? 'SET legalHold = :hold' : 'REMOVE legalHold',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeValues: hold ? { ':hold': hold } : undefined,
        ReturnValues: 'ALL_NEW',
      }),
      () => undefined,
    );
    return outcome.applied ? toStoredOrder(outcome.item) : undefined;
  }

  erasePersonalData(id: string, now: string): Promise<boolean> {
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        // updatedAt changes too: an archiver holding an older copy then fails its conditional delete.
        UpdateExpression: 'SET erasedAt = :now, updatedAt = :now REMOVE deliveryAddress, email',
        ConditionExpression: 'attribute_exists(id) AND attribute_not_exists(legalHold)',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  }

  /** When the sweeper should look if the write's follow-up work (publish, stock moves) did not finish. */
  private sweepAfter(): string {
    return iso(Date.now() + this.config.orders.leaseMs);
  }
}

/** Where the order sits on the staff's board: its slot's local day and start, else the day it was placed. */
function boardKeys(order: StoredOrder): { boardDay: string; boardSortKey: string } {
  if (!order.slot) return { boardDay: order.createdAt.slice(0, 10), boardSortKey: `~${order.createdAt}#${order.id}` };
  return { boardDay: order.slot.day ?? order.slot.start.slice(0, 10), boardSortKey: `${order.slot.start}#${order.id}` };
}
