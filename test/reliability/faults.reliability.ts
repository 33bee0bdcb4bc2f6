import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoConnection, EmbeddedDynamo } from '@gomart/dynamo';
import { OrderSweeper } from '@gomart/orders';
import { FaultProxy, RedisServer, TestApp, type TestResponse } from '@gomart/testing';
import { GomartModule } from '../../apps/gomart/src/gomart.module';
import { deliberate, printTable, record, storedAudit } from './support';

/**
 * `npm run test:reliability`: the shop under faults of its dependencies, each scenario against
 * real engines (dynalite, redis-server) with a fault proxy in between, printing one table
 * (`processes.reliability.ts` has the faults of whole processes). A cell that breaks a promise
 * fails the run (see `record`).
 */
/** How long the last mails took to arrive after the store's black hole ended. */
let mailDelaySeconds = 0;

afterAll(() => printTable([`every mail of the black-hole scenario had arrived ${mailDelaySeconds} s after the store came back`]));

/** Counts what a client saw: 5xx other than a deliberate 503 with Retry-After, and connections cut. */
class Tally {
  requests = 0;
  fiveXx = 0;
  resets = 0;
  /** The first few 5xx answers, for the failure message. */
  readonly examples: string[] = [];
  async send(request: () => Promise<TestResponse>): Promise<TestResponse | undefined> {
    this.requests += 1;
    try {
      const response = await request();
      if (response.status >= 500 && !deliberate(response)) {
        this.fiveXx += 1;
        if (this.examples.length < 3) this.examples.push(`${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      }
      return response;
    } catch {
      this.resets += 1;
      return undefined;
    }
  }
}

let sku = 0;
async function hotProduct(shop: TestApp, stock: number): Promise<string> {
  sku += 1;
  const response = await shop.request('/catalog/products', {
    method: 'POST',
    token: shop.token('ada', ['admin']),
    body: { sku: `RE-${String(sku).padStart(5, '0')}`, name: `Hot ${sku}`, brand: 'Test', category: 'pantry', priceCents: 100, unit: 'each', stock },
  });
  return response.body.id as string;
}

/** Every customer orders `quantity` once; 503s are retried with the same key (as Retry-After asks, sooner) until decided. */
async function rush(shop: TestApp, tally: Tally, productId: string, customers: number, quantity = 1): Promise<number> {
  const orders = Array.from({ length: customers }, (_, index) => ({ token: shop.token(`rel-${sku}-${index}-${randomUUID().slice(0, 8)}`), key: randomUUID() }));
  const place = (order: { token: string; key: string }) =>
    tally.send(() => shop.request('/orders', { method: 'POST', token: order.token, headers: { 'idempotency-key': order.key }, body: { lines: [{ productId, quantity }] } }));
  let answers = await Promise.all(orders.map(place));
  for (let round = 0; round < 60 && answers.some((answer) => !answer || answer.status === 503); round++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    answers = await Promise.all(answers.map((answer, index) => (!answer || answer.status === 503 ? place(orders[index]!) : Promise.resolve(answer))));
  }
  return answers.filter((answer) => answer?.status === 201).length;
}

/** Sweeps as of well after every lease, then counts orders still PENDING and checks the product's books. */
async function audit(shop: TestApp, productId: string, initial: number, placedUnits: number): Promise<{ invariant: boolean; stuck: number }> {
  await shop.app.get(OrderSweeper).sweepOnce(Date.now() + 10 * 60_000);
  return storedAudit(shop.app.get(DynamoConnection), { [productId]: initial }, { [productId]: placedUnits });
}

/** Mails for placed orders: lost (no mail) and doubled (two files for one event). */
async function mailAudit(shop: TestApp, placed: number): Promise<{ mailsLost: number; mailsDoubled: number }> {
  const dir = join(shop.dataDir, 'mail');
  let files: string[] = [];
  // A delivery whose claim was written but not answered (the store went dark) holds the
  // event for the claim's lease (60 s); the redelivery after it sends the mail: wait that long.
  const deadline = Date.now() + 75_000;
  while (Date.now() < deadline) {
    files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
    if (files.length >= placed) break;
    await shop.app.get(OrderSweeper).sweepOnce(Date.now() + 10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const perEvent = new Map<string, number>();
  for (const name of files) perEvent.set(name.slice(0, 36), (perEvent.get(name.slice(0, 36)) ?? 0) + 1);
  return { mailsLost: Math.max(0, placed - perEvent.size), mailsDoubled: [...perEvent.values()].filter((count) => count > 1).length };
}

const BASE = { SEED_PRODUCT_COUNT: '20', CACHE_MEMORY_TTL_MS: '0', ORDER_SWEEP_INTERVAL_MS: '0', ORDER_LEASE_MS: '2000', RATE_LIMIT_ORDERS_MAX: '0' };

it('checkout rush on a hot product', async () => {
  const shop = await TestApp.start(GomartModule, { env: { ...BASE, ORDER_MAX_IN_FLIGHT: '16' } });
  try {
    const tally = new Tally();
    const product = await hotProduct(shop, 50);
    const placed = await rush(shop, tally, product, 200);
    record({ scenario: 'checkout rush (200 × 1 of 50)', requests: tally.requests, fiveXx: tally.fiveXx, examples: tally.examples, resets: tally.resets, placed, ...(await audit(shop, product, 50, placed)), ...(await mailAudit(shop, placed)) });
  } finally {
    await shop.close();
  }
}, 120_000);

it('store slow, then a black hole for a moment', async () => {
  const dynamo = await EmbeddedDynamo.start();
  const proxy = await FaultProxy.start(dynamo.endpoint);
  const shop = await TestApp.start(GomartModule, { env: { ...BASE, DYNAMODB_ENDPOINT: proxy.url(), DYNAMODB_TIMEOUT_MS: '500' } });
  try {
    const tally = new Tally();
    const product = await hotProduct(shop, 30);
    proxy.set({ kind: 'latency', ms: 40 });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Half the customers order while the store is slow, half while it is dark (their first
    // answers are 503s; their retries land once it is back).
    const early = rush(shop, tally, product, 20);
    await sleep(300);
    proxy.set({ kind: 'blackhole' });
    const late = rush(shop, tally, product, 20);
    await sleep(1200);
    proxy.set({ kind: 'pass' });
    const placed = (await early) + (await late);
    const mailStarted = Date.now();
    const mails = await mailAudit(shop, placed);
    mailDelaySeconds = Math.round((Date.now() - mailStarted) / 1000);
    record({ scenario: 'store slow 40 ms, black hole 1.2 s', requests: tally.requests, fiveXx: tally.fiveXx, examples: tally.examples, resets: tally.resets, placed, ...(await audit(shop, product, 30, placed)), ...mails });
  } finally {
    proxy.set({ kind: 'pass' });
    await shop.close();
    await proxy.stop();
    await dynamo.stop();
  }
}, 180_000);

it('Redis slow, then reset, then gone', async () => {
  const redis = await RedisServer.start();
  const proxy = await FaultProxy.start(redis.url);
  const shop = await TestApp.start(GomartModule, { env: { ...BASE, CACHE_MEMORY_TTL_MS: '50', REDIS_URL: proxy.url('redis') } });
  try {
    const tally = new Tally();
    const read = (index: number) => tally.send(() => shop.request(`/catalog/products/fv-${String((index % 20) + 1).padStart(6, '0')}`));
    const phase = async (mode: Parameters<FaultProxy['set']>[0]) => {
      proxy.set(mode);
      for (let batch = 0; batch < 10; batch++) await Promise.all(Array.from({ length: 20 }, (_, index) => read(batch * 20 + index)));
    };
    await phase({ kind: 'pass' });
    await phase({ kind: 'latency', ms: 200 });
    await phase({ kind: 'reset' });
    await phase({ kind: 'blackhole' });
    const product = await hotProduct(shop, 20);
    const placed = await rush(shop, tally, product, 20);
    record({ scenario: 'Redis slow / reset / black hole', requests: tally.requests, fiveXx: tally.fiveXx, examples: tally.examples, resets: tally.resets, placed, ...(await audit(shop, product, 20, placed)), ...(await mailAudit(shop, placed)) });
  } finally {
    proxy.set({ kind: 'pass' });
    await shop.close();
    await proxy.stop();
    await redis.stop();
  }
}, 120_000);

/** Values a fuzzer throws at every field: wrong types, edge numbers, long and odd strings, deep nesting. */
const HOSTILE: unknown[] = [null, true, -1, 0, 1e308, 2 ** 53 + 1, '', ' ', 'x'.repeat(5000), '\u0000', '../../etc/passwd', '<script>', {}, [], [[]], [{}], { $gt: '' }, JSON.parse('['.repeat(40) + ']'.repeat(40))];

it('fuzzed bodies, query strings and headers from the OpenAPI document', async () => {
  const shop = await TestApp.start(GomartModule, { env: { ...BASE, RATE_LIMIT_MAX: '0' } });
  try {
    const tally = new Tally();
    const document = (await shop.request('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const token = shop.token('fuzz', ['admin']);
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations).filter((name) => ['get', 'post', 'put', 'patch', 'delete'].includes(name))) {
        for (let round = 0; round < 12; round++) {
          const path = template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(pick(HOSTILE.filter((value) => typeof value !== 'object')))));
          const query = `?limit=${encodeURIComponent(String(pick(HOSTILE)))}&cursor=${encodeURIComponent(String(pick(HOSTILE)))}&q=${encodeURIComponent(String(pick(HOSTILE)).slice(0, 500))}`;
          const body = method === 'get' || method === 'delete' ? undefined : { lines: pick(HOSTILE), status: pick(HOSTILE), [String(pick(HOSTILE)).slice(0, 20)]: pick(HOSTILE), deliveryAddress: pick(HOSTILE) };
          await tally.send(() =>
            shop.request(`${path.replace(/\/\.\.\//g, '/x/')}${query}`, {
              method: method.toUpperCase(),
              token: round % 3 === 0 ? undefined : token,
              headers: { 'idempotency-key': String(pick(HOSTILE)).slice(0, 200).replace(/[^\x20-\x7e]/g, '?'), 'x-request-id': 'z'.repeat(round * 20) },
              body,
            }),
          );
        }
      }
    }
    record({ scenario: 'fuzzed requests (OpenAPI paths)', requests: tally.requests, fiveXx: tally.fiveXx, examples: tally.examples, resets: tally.resets, placed: 0, invariant: true, stuck: 0, mailsLost: 0, mailsDoubled: 0 });
  } finally {
    await shop.close();
  }
}, 120_000);
