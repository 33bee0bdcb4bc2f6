import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { DynamoTable, InjectTable } from '@gomart/dynamo';
import { z } from 'zod';
import { FulfilmentTables } from './fulfilment.tables';
import type { BookingRecord, HoldRecord, StoredSlot } from './slot';
import type { BookOutcome, HoldOutcome, SlotStore } from './slot.store';

const storedSlot = z.object({
  zoneId: z.string(),
  slotId: z.string(),
  day: z.string(),
  start: z.string(),
  end: z.string(),
  cutoff: z.string(),
  capacity: z.number().int(),
  free: z.number().int(),
  held: z.number().int(),
  booked: z.number().int(),
  feeCents: z.number().int(),
  currency: z.string(),
  holds: z
    .record(z.string(), z.object({ customerId: z.string(), expiresAt: z.number(), renewed: z.boolean() }))
    .default({}),
  bookings: z.record(z.string(), z.object({ holdId: z.string(), customerId: z.string() })).default({}),
});

const toSlot = (item: Record<string, unknown>): StoredSlot => storedSlot.parse(item);
const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** `free` is a reserved word in DynamoDB expressions: every counter and map is named by placeholder. */
const NAMES: Readonly<Record<string, string>> = {
  '#free': 'free',
  '#held': 'held',
  '#booked': 'booked',
  '#holds': 'holds',
  '#bookings': 'bookings',
  '#cutoff': 'cutoff',
};

/** Every write of a slot, as its update and condition; `free` is a reserved word, so counters go by placeholder. */
const WRITES = {
  hold: {
    update: 'SET #free = #free - :one, #held = #held + :one, #holds.#hold = :record',
    condition: 'attribute_exists(slotId) AND #free >= :one AND #cutoff > :now AND attribute_not_exists(#holds.#hold)',
  },
  renew: {
    update: 'SET #holds.#hold.expiresAt = :until, #holds.#hold.renewed = :true',
    condition:
      '#holds.#hold.customerId = :customer AND #holds.#hold.renewed = :false AND #holds.#hold.expiresAt > :now',
  },
  release: {
    update: 'SET #free = #free + :one, #held = #held - :one REMOVE #holds.#hold',
    condition: 'attribute_exists(#holds.#hold)',
  },
  releaseExpired: {
    update: 'SET #free = #free + :one, #held = #held - :one REMOVE #holds.#hold',
    condition: 'attribute_exists(#holds.#hold) AND #holds.#hold.expiresAt <= :before',
  },
  book: {
    update: 'SET #held = #held - :one, #booked = #booked + :one, #bookings.#order = :booking REMOVE #holds.#hold',
    condition:
      '#holds.#hold.customerId = :customer AND #holds.#hold.expiresAt > :nowMs AND #cutoff > :now AND attribute_not_exists(#bookings.#order)',
  },
  cancelBooking: {
    update: 'SET #free = #free + :one, #booked = #booked - :one REMOVE #bookings.#order',
    condition: 'attribute_exists(#bookings.#order)',
  },
} as const;

/** The update and condition of a write, with the placeholders they use (DynamoDB refuses unused ones). */
function expressions(write: { readonly update: string; readonly condition: string }, ids: Record<string, string>) {
  const used = Object.entries(NAMES).filter(
    ([placeholder]) => write.update.includes(placeholder) || write.condition.includes(placeholder),
  );
  return {
    UpdateExpression: write.update,
    ConditionExpression: write.condition,
    ExpressionAttributeNames: { ...Object.fromEntries(used), ...ids },
  };
}

@Injectable()
export class DynamoSlotStore implements SlotStore {
  constructor(
    @InjectTable(FulfilmentTables.deliverySlots)
    private readonly table: DynamoTable<typeof FulfilmentTables.deliverySlots>,
  ) {}

  async get(zoneId: string, slotId: string): Promise<StoredSlot | undefined> {
    const item = await this.table.get({ zoneId, slotId });
    return item ? toSlot(item) : undefined;
  }

  async listFrom(zoneId: string, fromSlotId: string, toSlotId?: string): Promise<StoredSlot[]> {
    const slots: StoredSlot[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: toSlotId ? 'zoneId = :zone AND slotId BETWEEN :from AND :to' : 'zoneId = :zone AND slotId >= :from',
          ExpressionAttributeValues: { ':zone': zoneId, ':from': fromSlotId, ...(toSlotId ? { ':to': toSlotId } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      slots.push(...(page.Items ?? []).map(toSlot));
      start = page.LastEvaluatedKey;
    } while (start);
    return slots;
  }

  async createIfMissing(slot: StoredSlot): Promise<void> {
    await this.table.conditionally(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...slot },
        ConditionExpression: 'attribute_not_exists(slotId)',
      }),
    );
  }

  async hold(zoneId: string, slotId: string, holdId: string, record: HoldRecord, now: number): Promise<HoldOutcome> {
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { zoneId, slotId },
        ...expressions(WRITES.hold, { '#hold': holdId }),
        ExpressionAttributeValues: { ':one': 1, ':record': record, ':now': iso(now) },
      }),
      (current): HoldOutcome => {
        if (!current) return 'missing';
        if ((current.holds as Record<string, unknown> | undefined)?.[holdId]) return 'held';
        return String(current.cutoff) <= iso(now) ? 'closed' : 'full';
      },
    );
    return outcome.applied ? 'held' : outcome.explanation;
  }

  renew(
    zoneId: string,
    slotId: string,
    holdId: string,
    customerId: string,
    expiresAt: number,
    now: number,
  ): Promise<boolean> {
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { zoneId, slotId },
        ...expressions(WRITES.renew, { '#hold': holdId }),
        ExpressionAttributeValues: {
          ':until': expiresAt,
          ':true': true,
          ':false': false,
          ':customer': customerId,
          ':now': now,
        },
      }),
    );
  }

  release(zoneId: string, slotId: string, holdId: string, expiredBefore?: number): Promise<boolean> {
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { zoneId, slotId },
        ...expressions(expiredBefore === undefined ? WRITES.release : WRITES.releaseExpired, { '#hold': holdId }),
        ExpressionAttributeValues: { ':one': 1, ...(expiredBefore === undefined ? {} : { ':before': expiredBefore }) },
      }),
    );
  }

  async book(
    zoneId: string,
    slotId: string,
    holdId: string,
    orderId: string,
    booking: BookingRecord,
    now: number,
  ): Promise<BookOutcome> {
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { zoneId, slotId },
        ...expressions(WRITES.book, { '#hold': holdId, '#order': orderId }),
        ExpressionAttributeValues: {
          ':one': 1,
          ':booking': booking,
          ':customer': booking.customerId,
          ':nowMs': now,
          ':now': iso(now),
        },
      }),
      (current): BookOutcome => {
        const bookings = (current?.bookings ?? {}) as Record<string, BookingRecord>;
        if (bookings[orderId]?.holdId === holdId) return 'already-booked';
        if (current && String(current.cutoff) <= iso(now)) return 'closed';
        return 'expired';
      },
    );
    return outcome.applied ? 'booked' : outcome.explanation;
  }

  cancelBooking(zoneId: string, slotId: string, orderId: string): Promise<boolean> {
    return this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { zoneId, slotId },
        ...expressions(WRITES.cancelBooking, { '#order': orderId }),
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }
}
