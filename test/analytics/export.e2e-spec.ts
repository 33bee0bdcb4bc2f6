import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MotoServer, TestApp } from '@gomart/testing';
import { GomartModule } from '../../apps/gomart/src/gomart.module';

/**
 * Sales exports: a day's order facts as JSON lines under order-facts/day=YYYY-MM-DD/, in the
 * fields the Glue/Athena table reads — to S3 (moto_server standing in for AWS), or to a
 * local folder when no bucket is configured.
 */
let moto: MotoServer;
let s3: S3Client;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  moto = await MotoServer.start();
  s3 = new S3Client({
    region: 'ap-southeast-2',
    endpoint: moto.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'gomart-exports', CreateBucketConfiguration: { LocationConstraint: 'ap-southeast-2' } }));
});

afterAll(() => moto.stop());

async function shopWithOrders(env: Record<string, string>) {
  const shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '30', ...env } });
  const alice = shop.token('export-alice');
  const placed = await shop.request('/orders', {
    method: 'POST',
    token: alice,
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: [{ productId: 'fv-000001', quantity: 2 }, { productId: 'dr-000001', quantity: 1 }] },
  });
  expect(placed.status).toBe(201);
  const cancelled = await shop.request('/orders', {
    method: 'POST',
    token: alice,
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: [{ productId: 'bk-000001', quantity: 1 }] },
  });
  await shop.request(`/orders/${cancelled.body.id}/cancel`, { method: 'POST', token: alice });
  return { shop, admin: shop.token('ada', ['admin']), placed: placed.body };
}

const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

it('exports the day to the S3 bucket in the Athena table layout', async () => {
  const { shop, admin, placed } = await shopWithOrders({ EXPORT_BUCKET: 'gomart-exports', AWS_ENDPOINT: moto.endpoint });
  try {
    const response = await shop.request('/analytics/exports', { method: 'POST', token: admin, body: { day: today } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ day: today, facts: 3, location: `s3://gomart-exports/order-facts/day=${today}/facts.json` });

    const object = await s3.send(new GetObjectCommand({ Bucket: 'gomart-exports', Key: `order-facts/day=${today}/facts.json` }));
    const facts = lines(await object.Body!.transformToString());
    expect(facts.map((fact) => fact.status).sort()).toEqual(['CANCELLED', 'PLACED', 'PLACED']);
    expect(facts.find((fact) => fact.orderId === placed.id)).toEqual({
      eventId: expect.any(String),
      type: 'OrderPlaced',
      occurredAt: expect.stringContaining(today),
      orderId: placed.id,
      customerId: 'export-alice',
      status: 'PLACED',
      totalCents: placed.totalCents,
      currency: 'AUD',
      deliveryFeeCents: placed.deliveryFeeCents,
      lines: placed.lines.map((line: { productId: string; quantity: number; unitPriceCents: number; lineTotalCents: number }) => ({
        productId: line.productId,
        quantity: line.quantity,
        priceCents: line.unitPriceCents,
        cents: line.lineTotalCents,
        category: line.productId.startsWith('fv-') ? 'fruit-veg' : 'drinks',
      })),
    });

    const summary = await shop.request(`/analytics/sales?day=${today}`, { token: admin });
    expect(summary.body).toMatchObject({ ordersPlaced: 2, ordersCancelled: 1, placedValueCents: { AUD: expect.any(Number) } });
  } finally {
    await shop.close();
  }
});

it('exports to DATA_DIR/exports without a bucket, and refuses bad days and non-admins', async () => {
  const { shop, admin } = await shopWithOrders({});
  try {
    const response = await shop.request('/analytics/exports', { method: 'POST', token: admin, body: { day: today } });
    expect(response.status).toBe(200);
    // Reported relative to the data folder: an answer does not name the server's file system.
    expect(response.body.location).toBe(`exports/order-facts/day=${today}/facts.json`);
    expect(lines(await readFile(join(shop.dataDir, response.body.location as string), 'utf8'))).toHaveLength(3);

    const bad = await shop.request('/analytics/exports', { method: 'POST', token: admin, body: { day: '28/11/2026' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe('day');
    const customer = await shop.request('/analytics/exports', { method: 'POST', token: shop.token('bob'), body: { day: today } });
    expect(customer.status).toBe(403);
  } finally {
    await shop.close();
  }
});

it('exports the order history as Amazon Personalize datasets: a row per (placed order, line), one per product', async () => {
  const { shop, admin, placed } = await shopWithOrders({});
  try {
    const response = await shop.request('/analytics/exports/personalize', { method: 'POST', token: admin });
    expect(response.status).toBe(200);
    const interactions = (await readFile(join(shop.dataDir, response.body.locations.interactions as string), 'utf8')).trimEnd().split('\n');
    const items = (await readFile(join(shop.dataDir, response.body.locations.items as string), 'utf8')).trimEnd().split('\n');
    expect(interactions[0]).toBe('USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE');
    // Two orders were placed (one then cancelled: it was still bought once): 2 + 1 lines.
    expect(interactions.slice(1).map((row) => row.split(',').slice(0, 2).join(',')).sort()).toEqual(
      ['export-alice,bk-000001', 'export-alice,dr-000001', 'export-alice,fv-000001'],
    );
    for (const row of interactions.slice(1)) expect(row).toMatch(/^export-alice,[a-z]{2}-\d{6},\d{10},Purchase$/);
    expect(items[0]).toBe('ITEM_ID,PRICE,CATEGORY_L1');
    expect(items).toContain(`fv-000001,${(placed.lines[0].unitPriceCents / 100).toFixed(2)},fruit-veg`);
    expect(response.body).toMatchObject({ interactions: 3, items: 3 });
    expect((await shop.request('/analytics/exports/personalize', { method: 'POST', token: shop.token('export-bob') })).status).toBe(403);
  } finally {
    await shop.close();
  }
});
