// The DynamoDB calls one order makes, counted on the real client while `POST /orders` is
// answered: all of them, and those on the critical path (the longest chain of calls each
// started after the one before it ended). On the embedded store a call costs well under a
// millisecond; against DynamoDB each one on that path is a few milliseconds of the
// customer's wait, so the chain is what a change to the order path must not lengthen.
import { randomUUID } from 'node:crypto';
import { DynamoConnection } from '@gomart/dynamo';
import { recordStoreCalls, TestApp, TestTables, waitFor, type StoreCall as Call } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

let shop: TestApp;
let admin: string;
let alice: string;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '30', ORDER_SWEEP_INTERVAL_MS: '0' } });
  admin = shop.token('ada', ['admin']);
  alice = shop.token('alice');
});

afterAll(() => shop.close());

let created = 0;
async function products(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const sku = `CL-${String((created += 1)).padStart(5, '0')}`;
    const response = await shop.request('/catalog/products', {
      method: 'POST',
      token: admin,
      body: {
        sku,
        name: `Counted ${index}`,
        brand: 'Test',
        category: 'pantry',
        priceCents: 100,
        unit: 'each',
        stock: 100,
      },
    });
    expect(response.status).toBe(201);
    ids.push(response.body.id as string);
  }
  return ids;
}

/** The calls one order makes: those its answer waited for, then the rest (its follow-up and the event's consumers) until the store is quiet. */
async function place(lines: number): Promise<{ status: number; answered: Call[]; all: Call[] }> {
  const ids = await products(lines);
  // Once unrecorded, so the products are in the cache as a shopper's browsing leaves them.
  await Promise.all(ids.map((id) => shop.request(`/catalog/products/${id}`)));
  const recorder = recordStoreCalls(shop.app.get(DynamoConnection));
  const all = recorder.calls;
  const response = await shop.request('/orders', {
    method: 'POST',
    token: alice,
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: ids.map((productId) => ({ productId, quantity: 1 })) },
  });
  const answeredAt = performance.now();
  const answered = all.filter((call) => call.end <= answeredAt);
  await quiet(all);
  recorder.stop();
  return { status: response.status, answered, all };
}

/** Until no call is in flight and none has started for a while. */
function quiet(calls: readonly Call[]): Promise<true> {
  return waitFor(
    'the store to be quiet',
    async () => {
      const last = Math.max(0, ...calls.map((call) => call.start));
      const busy = calls.some((call) => call.end === Number.POSITIVE_INFINITY);
      return !busy && performance.now() - last > QUIET_MS ? true : undefined;
    },
    { timeoutMs: 60_000 },
  );
}
const QUIET_MS = 500;

/** The longest chain of calls each of which started after the previous one ended. */
function criticalPath(calls: readonly Call[]): number {
  const sorted = [...calls].sort((a, b) => a.end - b.end);
  const chain = new Map<Call, number>();
  for (const call of sorted) {
    const before = sorted.filter((other) => other.end <= call.start).map((other) => chain.get(other) ?? 0);
    chain.set(call, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...chain.values());
}

describe('DynamoDB calls per order', () => {
  const rows: string[] = [];
  afterAll(() => {
    process.stdout.write(
      `\n| lines | calls before the answer | of them one after another | calls in all (follow-up and consumers) |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
    );
  });

  it.each([
    // The order, the basket's prices and a repeat's lookup at once; the claim; the lines
    // reserved side by side (8 at a time); the decision. Then the answer: the stock moved to
    // held and the event published come after it.
    { lines: 1, maxPath: 4 },
    { lines: 2, maxPath: 4 },
    { lines: 20, maxPath: 6 },
  ])('a $lines-line order is answered after at most $maxPath calls one after another', async ({ lines, maxPath }) => {
    const { status, answered, all } = await place(lines);
    expect(status).toBe(201);
    const path = criticalPath(answered);
    rows.push(`| ${lines} | ${answered.length} | ${path} | ${all.length} |`);
    expect(path).toBeLessThanOrEqual(maxPath);
    // Every line reserved before the answer; its follow-up (held, published, consumed) after it.
    expect(answered.length).toBeGreaterThanOrEqual(lines + 3);
    expect(all.length).toBeGreaterThan(answered.length);
    // After the answer the order itself is written once: stock held, event out, off the sweeper's list.
    const ordersTable = shop.app.get(DynamoConnection).tableName(TestTables.orders);
    expect(
      all.filter((call) => !answered.includes(call) && call.tables.includes(ordersTable)).map((call) => call.command),
    ).toEqual(['UpdateItem']);
  });
});
