import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoConnection } from '@gomart/dynamo';
import { ORDER_FACT_REPOSITORY, type OrderFactRepository } from '@gomart/analytics-export';
import { OrderArchiver, OrderTables, type StoredOrder } from '@gomart/orders';
import { MotoServer, TestApp } from '@gomart/testing';
import { GomartModule } from '../../apps/gomart/src/gomart.module';
import { archivedLines, createArchiveBucket, getObject, listKeys, motoS3, oldOrders, putOrders, scanAll } from './archive-support';

/**
 * Archived orders from a customer's point of view, and an admin's: history that reads the same
 * before and after archiving, restore, legal hold and erasure. The app runs in this process on
 * dynalite with the archive in S3 (moto_server), as in AWS.
 */
const BUCKET = 'gomart-test-archive';
let moto: MotoServer;
let s3: S3Client;
let shop: TestApp;
let admin: string;
let db: DynamoConnection;
let ordersTable: string;
let archiveTable: string;
let seeded: StoredOrder[];
/** Far enough ahead that every seeded order is past ARCHIVE_AFTER_DAYS. */
const later = () => Date.now() + 400 * 86_400_000;

beforeAll(async () => {
  moto = await MotoServer.start();
  s3 = motoS3(moto.endpoint);
  await createArchiveBucket(s3, BUCKET);
  shop = await TestApp.start(GomartModule, {
    env: { ARCHIVE_BUCKET: BUCKET, AWS_ENDPOINT: moto.endpoint, ARCHIVE_INTERVAL_MS: '0', ARCHIVE_BATCH_SIZE: '40', ORDER_SWEEP_INTERVAL_MS: '0' },
  });
  admin = shop.token('ada', ['admin']);
  db = shop.app.get(DynamoConnection);
  ordersTable = db.tableName(OrderTables.orders);
  archiveTable = db.tableName(OrderTables.orderArchive);
  const { orders } = oldOrders({ customers: 12, days: 30, endDaysAgo: 0 });
  seeded = orders.map(({ order }) => order);
  await putOrders(db.client, ordersTable, seeded);
  // Their sales facts, as the analytics consumer records them.
  const facts = shop.app.get<OrderFactRepository>(ORDER_FACT_REPOSITORY);
  for (const { events } of orders) for (const event of events) await facts.record(event);
}, 120_000);

afterAll(async () => {
  await shop?.close();
  await moto?.stop();
});

const archiveNow = () => shop.app.get(OrderArchiver).run({ now: later() });

/** A customer's whole history, page by page (small pages, to cross the hot/archived seams). */
async function history(customerId: string): Promise<{ id: string; totalCents: number; finalTotalCents?: number; archived?: boolean }[]> {
  const token = shop.token(customerId);
  const all: { id: string; totalCents: number; finalTotalCents?: number; archived?: boolean }[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await shop.request(`/orders?limit=4${query}`, { token });
    expect(page.status).toBe(200);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

async function placeOrder(customerId: string): Promise<string> {
  const response = await shop.request('/orders', {
    method: 'POST',
    token: shop.token(customerId),
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: [{ productId: 'de-000001', quantity: 1 }], deliveryAddress: { name: 'Pat Live', line1: '1 Live St', city: 'Sydney', postcode: '2000', country: 'AU' } },
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

describe('archiving as customers see it', () => {
  let customer: string;
  let before: Awaited<ReturnType<typeof history>>;
  let sampleId: string;
  let sampleBefore: unknown;

  beforeAll(async () => {
    customer = seeded[0]!.customerId;
    await placeOrder(customer); // hot and PLACED: never archived
    before = await history(customer);
    sampleId = seeded.find((order) => order.customerId === customer && order.status === 'DELIVERED')!.id;
    sampleBefore = (await shop.request(`/orders/${sampleId}`, { token: shop.token(customer) })).body;
    const summary = await archiveNow();
    expect(summary).toMatchObject({ status: 'done', archived: seeded.length, superseded: 0 });
  }, 120_000);

  it('keeps the same history, newest first, with archived orders marked', async () => {
    const after = await history(customer);
    const shape = (orders: typeof before) => orders.map(({ id, totalCents, finalTotalCents }) => ({ id, totalCents, finalTotalCents }));
    expect(shape(after)).toEqual(shape(before));
    expect(after.filter((order) => order.archived).length).toBe(seeded.filter((order) => order.customerId === customer).length);
    expect(after[0]!.archived).toBeUndefined(); // the live order
    const raw = await scanAll(db.client, ordersTable);
    expect(raw.filter((item) => item.customerId === customer).map((item) => item.status)).toEqual(['PLACED']);
  });

  it('answers an archived order by id, the same as before, only to its customer (and staff)', async () => {
    const own = await shop.request(`/orders/${sampleId}`, { token: shop.token(customer) });
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ ...(sampleBefore as object), archived: true });
    const other = await shop.request(`/orders/${sampleId}`, { token: shop.token('someone-else') });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('ORDER_NOT_FOUND');
    expect((await shop.request(`/orders/${sampleId}`, { token: shop.token('sam', ['staff']) })).status).toBe(200);
    const otherList = await shop.request('/orders?limit=100', { token: shop.token('someone-else') });
    expect(otherList.body.items).toEqual([]);
  });

  it('writes month partitions of gzip JSON lines with manifests whose ids, count and SHA-256 match', async () => {
    const keys = await listKeys(s3, BUCKET);
    const objects = keys.filter((key) => key.endsWith('.jsonl.gz'));
    expect(keys.filter((key) => key.endsWith('.manifest.json'))).toHaveLength(objects.length);
    let total = 0;
    for (const key of objects) {
      expect(key).toMatch(/^orders\/month=\d{4}-\d{2}\/[\w-]+\.jsonl\.gz$/);
      const body = await getObject(s3, BUCKET, key);
      const manifest = JSON.parse((await getObject(s3, BUCKET, key.replace('.jsonl.gz', '.manifest.json'))).toString());
      const lines = archivedLines(body);
      expect(manifest.sha256).toBe(createHash('sha256').update(body).digest('base64'));
      expect(manifest.count).toBe(lines.length);
      expect(manifest.orders.map((order: { id: string }) => order.id)).toEqual(lines.map((line) => line.order.id));
      const month = key.slice('orders/month='.length, 'orders/month='.length + 7);
      for (const line of lines) expect(String(line.order.createdAt).slice(0, 7)).toBe(month);
      // No personal data in the clear: it is sealed with the customer's key.
      expect(body.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.order.deliveryAddress).toBeUndefined();
      total += lines.length;
    }
    expect(total).toBe(seeded.length);
  });

  it('archives nothing more on a second run', async () => {
    expect(await archiveNow()).toMatchObject({ status: 'done', archived: 0, batches: 0, resumed: 0 });
  });
});

describe('restore, legal hold and erasure (admin)', () => {
  it('restores an archived order identical, once; a customer may not; unknown ids are 404', async () => {
    const order = seeded[5]!;
    const token = shop.token(order.customerId);
    const archived = await shop.request(`/orders/${order.id}`, { token });
    expect(archived.body.archived).toBe(true);

    expect((await shop.request(`/orders/${order.id}/restore`, { method: 'POST', token })).status).toBe(403);
    const restored = await shop.request(`/orders/${order.id}/restore`, { method: 'POST', token: admin });
    expect(restored.status).toBe(200);
    const { archived: _flag, ...asArchived } = archived.body;
    expect(restored.body).toEqual(asArchived);
    expect((await shop.request(`/orders/${order.id}`, { token })).body).toEqual(asArchived);

    const again = await shop.request(`/orders/${order.id}/restore`, { method: 'POST', token: admin });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORDER_NOT_ARCHIVED');
    const unknown = await shop.request('/orders/ord_nothing/restore', { method: 'POST', token: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ORDER_NOT_FOUND');
    // Restored stays hot for ARCHIVE_AFTER_DAYS from its restore.
    await shop.app.get(OrderArchiver).run({ now: Date.now() + 10 * 86_400_000 });
    expect((await shop.request(`/orders/${order.id}`, { token })).body.archived).toBeUndefined();
  });

  it('never archives an order on legal hold; holding an archived order brings it back', async () => {
    const [hot, archived] = [seeded[6]!, seeded[7]!];
    const restore = await shop.request(`/orders/${hot.id}/restore`, { method: 'POST', token: admin });
    expect(restore.status).toBe(200);
    const noReason = await shop.request(`/orders/${hot.id}/legal-hold`, { method: 'PUT', token: admin, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
    for (const order of [hot, archived]) {
      const held = await shop.request(`/orders/${order.id}/legal-hold`, { method: 'PUT', token: admin, body: { reason: 'tax audit' } });
      expect(held.status).toBe(200);
      expect(held.body).toMatchObject({ orderId: order.id, legalHold: { reason: 'tax audit', by: 'ada' } });
    }
    // Far in the future, restored long ago: only the hold keeps them.
    await shop.app.get(OrderArchiver).run({ now: Date.now() + 2000 * 86_400_000 });
    for (const order of [hot, archived]) {
      const read = await shop.request(`/orders/${order.id}`, { token: shop.token(order.customerId) });
      expect(read.body.archived).toBeUndefined();
    }
    const lifted = await shop.request(`/orders/${hot.id}/legal-hold`, { method: 'DELETE', token: admin });
    expect(lifted.body).toEqual({ orderId: hot.id, legalHold: null });
    await shop.app.get(OrderArchiver).run({ now: Date.now() + 2000 * 86_400_000 });
    expect((await shop.request(`/orders/${hot.id}`, { token: shop.token(hot.customerId) })).body.archived).toBe(true);
    expect((await shop.request('/orders/ord_nothing/legal-hold', { method: 'PUT', token: admin, body: { reason: 'x' } })).status).toBe(404);
  });

  it("erases a customer's address and e-mail from hot and archived orders, keeping the day's sales", async () => {
    const touched = new Set([0, 5, 6, 7].map((index) => seeded[index]!.customerId));
    const customer = seeded.find((order) => !touched.has(order.customerId))!.customerId;
    const theirs = seeded.filter((order) => order.customerId === customer);
    const days = [...new Set(theirs.map((order) => order.createdAt.slice(0, 10)))];
    const sales = async () => Promise.all(days.map(async (day) => (await shop.request(`/analytics/sales?day=${day}`, { token: admin })).body));
    const salesBefore = await sales();
    expect(salesBefore.reduce((sum, day) => sum + day.ordersPlaced, 0)).toBeGreaterThanOrEqual(theirs.length);
    const live = await placeOrder(customer); // hot, with an address
    const [restoredId, heldId] = [theirs[0]!.id, theirs[1]!.id];
    await shop.request(`/orders/${restoredId}/restore`, { method: 'POST', token: admin }); // hot, with an address
    await shop.request(`/orders/${heldId}/legal-hold`, { method: 'PUT', token: admin, body: { reason: 'dispute' } });

    expect((await shop.request(`/orders/customers/${customer}/erasure`, { method: 'POST', token: shop.token(customer) })).status).toBe(403);
    const erased = await shop.request(`/orders/customers/${customer}/erasure`, { method: 'POST', token: admin });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ customerId: customer, hotOrders: 2, archivedOrders: theirs.length - 2, held: [heldId] });

    // Hot: no personal field left, except on the held order.
    const hot = (await scanAll(db.client, ordersTable)).filter((item) => item.customerId === customer);
    for (const item of hot.filter((item) => item.id !== heldId)) {
      expect(item.deliveryAddress).toBeUndefined();
      expect(item.email).toBeUndefined();
    }
    expect(hot.map((item) => item.id).sort()).toEqual([live, restoredId, heldId].sort());
    // Archived: the sealed copies can no longer be opened (no key), and nothing was ever in the clear.
    const key = (await scanAll(db.client, archiveTable)).find((item) => item.pk === `key#${customer}`);
    expect(key).toMatchObject({ erasedAt: expect.any(String) });
    expect(key?.key).toBeUndefined();
    const personal = [`Privacy Lane ${customer}`, `${customer}@example.com`];
    for (const objectKey of (await listKeys(s3, BUCKET)).filter((k) => k.endsWith('.jsonl.gz'))) {
      const text = gunzipSync(await getObject(s3, BUCKET, objectKey)).toString();
      for (const value of personal) expect(text).not.toContain(value);
    }
    const token = shop.token(customer);
    const archivedOrders = (await history(customer)).filter((order) => order.archived);
    expect(archivedOrders.length).toBe(theirs.length - 2);
    for (const order of archivedOrders) {
      const read = await shop.request(`/orders/${order.id}`, { token });
      expect(read.body.deliveryAddress).toBeUndefined();
    }
    // Sales facts untouched.
    expect(await sales()).toEqual(salesBefore);
  });

  it('documents the admin routes in OpenAPI with operation ids and the error body', async () => {
    const document = (await shop.request('/docs-json')).body;
    const operations = {
      '/orders/{id}/restore': ['post', 'restoreArchivedOrder'],
      '/orders/{id}/legal-hold': ['put', 'placeLegalHold'],
      '/orders/customers/{customerId}/erasure': ['post', 'eraseCustomerPersonalData'],
    } as const;
    for (const [path, [method, operationId]] of Object.entries(operations)) {
      const operation = document.paths[path][method];
      expect(operation).toMatchObject({ operationId, summary: expect.any(String), tags: ['order archive'] });
    }
    expect(JSON.stringify(document.paths['/orders/{id}/restore'].post.responses['404'].content['application/json'].schema)).toMatch(/ErrorBody/);
    expect(JSON.stringify(document.paths['/orders/{id}/restore'].post.responses['409'])).toContain('ORDER_NOT_ARCHIVED');
  });
});
