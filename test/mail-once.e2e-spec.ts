import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderPlaced } from '@gomart/contracts';
import { DynamoConnection } from '@gomart/dynamo';
import { OrderNotifier } from '@gomart/notifications';
import { TestApp, TestTables } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * One mail per event, however it is delivered: at-least-once transports deliver an event
 * twice at the same moment (an SQS message whose visibility ran out while the first
 * delivery worked, a relay retrying after a timeout). The local mail transport writes one
 * file per mail sent, so a mail sent twice shows as two files, as a customer would see it.
 */
let shop: TestApp;
let notifier: OrderNotifier;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '20', ORDER_SWEEP_INTERVAL_MS: '0' } });
  notifier = shop.app.get(OrderNotifier);
});

afterAll(() => shop.close());

function placedEvent(): OrderPlaced {
  return {
    type: 'OrderPlaced',
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    orderId: `ord-${randomUUID().slice(0, 8)}`,
    customerId: 'mona',
    email: 'mona@example.com',
    lines: [{ productId: 'fv-000001', sku: 'FV-000001', name: 'Apples', quantity: 2, unitPriceCents: 150 }],
    totalCents: 300,
    currency: 'AUD',
  };
}

/** The mail files written for one event (`<event id>-<random>.json`). */
async function mailsFor(eventId: string): Promise<{ subject: string; to?: string }[]> {
  const dir = join(shop.dataDir, 'mail');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith(eventId) && name.endsWith('.json'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as { subject: string; to?: string }));
}

it('sends one mail when the same event is delivered many times at the same moment', async () => {
  const event = placedEvent();
  const deliveries = await Promise.allSettled(Array.from({ length: 6 }, () => notifier.handle(event)));
  // Each delivery either sent the mail, found it sent, or was told to come back (the transport redelivers).
  for (const delivery of deliveries) {
    if (delivery.status === 'rejected') expect(String(delivery.reason)).toContain('is being handled by another delivery');
  }
  expect(deliveries.some((delivery) => delivery.status === 'fulfilled')).toBe(true);
  // A redelivery later finds it sent.
  await notifier.handle(event);
  expect(await mailsFor(event.eventId)).toEqual([
    expect.objectContaining({ subject: `Your Go Mart order ${event.orderId} is confirmed`, to: 'mona@example.com' }),
  ]);
});

it('sends the mail of a delivery that crashed after claiming it, once its lease has expired', async () => {
  const db = shop.app.get(DynamoConnection);
  const table = db.tableName(TestTables.notifications);
  const crashed = placedEvent();
  const alive = placedEvent();
  // What a claimant leaves behind: a claim with a lease; one expired (it crashed), one still running.
  await db.client.send(new PutCommand({ TableName: table, Item: { eventId: crashed.eventId, consumerState: 'claimed', claimedUntil: Date.now() - 1 } }));
  await db.client.send(new PutCommand({ TableName: table, Item: { eventId: alive.eventId, consumerState: 'claimed', claimedUntil: Date.now() + 60_000 } }));

  await notifier.handle(crashed);
  expect(await mailsFor(crashed.eventId)).toHaveLength(1);
  await expect(notifier.handle(alive)).rejects.toThrow('is being handled by another delivery');
  expect(await mailsFor(alive.eventId)).toEqual([]);
});

it('does not send again when the delivery that crashed had sent the mail before marking it done', async () => {
  const db = shop.app.get(DynamoConnection);
  const event = placedEvent();
  // The crashed delivery sent (its file is in the mailbox), then died before its record said
  // so: the claim is still there, and has expired.
  await notifier.handle(event);
  await db.client.send(new PutCommand({ TableName: db.tableName(TestTables.notifications), Item: { eventId: event.eventId, consumerState: 'claimed', claimedUntil: Date.now() - 1 } }));

  await notifier.handle(event);
  expect(await mailsFor(event.eventId)).toHaveLength(1);
  // The record is done now: a later delivery is a duplicate.
  await notifier.handle(event);
  expect(await mailsFor(event.eventId)).toHaveLength(1);
});
