import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { loadLocalIssuer, type LocalIssuer } from '@gomart/auth';
import { DynamoConnection, EmbeddedDynamo } from '@gomart/dynamo';
import { connectTestDynamo, TestTables as Tables, ServiceProcess, storedStock, waitFor } from '@gomart/testing';

/**
 * Crash recovery with real crashes: the production build runs as a child process and kills
 * itself (SIGKILL) at a chosen step of placement (ORDER_FAULT, honoured only with
 * NODE_ENV=test). A second process on the same DynamoDB-API server then sweeps.
 */
let dynamo: EmbeddedDynamo;
let connection: DynamoConnection;
let dataDir: string;
let issuer: LocalIssuer;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  dynamo = await EmbeddedDynamo.start();
  dataDir = await mkdtemp(join(tmpdir(), 'gomart-crash-'));
  connection = await connectTestDynamo(dynamo.endpoint);
  issuer = await loadLocalIssuer(join(dataDir, 'keys'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
});

afterAll(async () => {
  await connection.close();
  await dynamo.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function shop(env: Record<string, string> = {}): ServiceProcess {
  const service = ServiceProcess.start({
    app: 'gomart',
    env: {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SEED_PRODUCT_COUNT: '0',
      CACHE_MEMORY_TTL_MS: '0',
      ORDER_LEASE_MS: '1000',
      ORDER_SWEEP_INTERVAL_MS: '0',
      ...env,
    },
  });
  running.push(service);
  return service;
}

async function createProducts(url: string, tag: string, stocks: number[]): Promise<string[]> {
  const admin = issuer.sign({ sub: 'ada', groups: ['admin'] });
  return Promise.all(
    stocks.map(async (stock, index) => {
      const response = await fetch(`${url}/catalog/products`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sku: `CR-${tag}-${index}`, name: `Crash ${tag} ${index}`, brand: 'Test', category: 'pantry', priceCents: 100, unit: 'each', stock }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    }),
  );
}

function order(url: string, key: string, lines: { productId: string; quantity: number }[], slotHoldId?: string) {
  return fetch(`${url}/orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${issuer.sign({ sub: 'crash-customer' })}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify({ lines, ...(slotHoldId ? { slotHoldId } : {}) }),
  });
}

async function storedOrder(id: string) {
  const { Item } = await connection.client.send(
    new GetCommand({ TableName: connection.tableName(Tables.orders), Key: { id }, ConsistentRead: true }),
  );
  return Item;
}

async function pendingOrderIds(): Promise<string[]> {
  const { Items = [] } = await connection.client.send(new ScanCommand({ TableName: connection.tableName(Tables.orders) }));
  return Items.filter((item) => item.status === 'PENDING').map((item) => String(item.id));
}

async function notified(eventId: string): Promise<boolean> {
  const { Item } = await connection.client.send(
    new GetCommand({ TableName: connection.tableName(Tables.notifications), Key: { eventId }, ConsistentRead: true }),
  );
  return Boolean(Item);
}

describe('a crash in the middle of reserving', () => {
  it.each([
    ['completes the order when every line can be reserved', [5, 5, 5, 5], 'PLACED'],
    ['rejects it with everything released when a line cannot be', [5, 5, 5, 0], 'REJECTED'],
  ])('%s', async (_, stocks, outcome) => {
    const first = shop({ ORDER_FAULT: 'crash-after-reserving:2' });
    const url = await first.url;
    const products = await createProducts(url, outcome, stocks);
    const lines = products.map((productId) => ({ productId, quantity: 2 }));
    const key = randomUUID();

    await expect(order(url, key, lines)).rejects.toThrow();
    expect((await first.exited).signal).toBe('SIGKILL');

    // The crash left a PENDING order holding reservations (the requests already sent to the
    // database complete without the process): placed half-way, with no decision recorded.
    const [orderId] = await pendingOrderIds();
    expect(orderId).toBeDefined();
    const held = (await Promise.all(products.map((id) => storedStock(connection, id)))).filter(
      (state) => state.reservations[orderId!] !== undefined,
    );
    expect(held.length).toBeGreaterThanOrEqual(2);
    expect((await storedOrder(orderId!))?.status).toBe('PENDING');

    // A fresh process's sweeper resumes the order once its lease has expired.
    const second = shop({ ORDER_SWEEP_INTERVAL_MS: '200' });
    const secondUrl = await second.url;
    await waitFor('the sweeper to settle the order', async () => {
      const stored = await storedOrder(orderId!);
      return stored?.status !== 'PENDING' && stored?.sweepPartition === undefined ? true : undefined;
    });
    expect((await storedOrder(orderId!))?.status).toBe(outcome);

    const states = await Promise.all(products.map((id) => storedStock(connection, id)));
    states.forEach((state, index) => expect(state.stock + state.reserved + state.sold).toBe(stocks[index]));
    for (const state of states) {
      expect(state.reservations).toEqual({});
      expect(state.held).toBe(outcome === 'PLACED' ? 2 : 0);
    }
    // The customer's retry with the same key gets the outcome.
    const retry = await order(secondUrl, key, lines);
    expect(retry.status).toBe(outcome === 'PLACED' ? 201 : 409);
  });
});

it('publishes the event after a crash between storing the order and publishing it', async () => {
  const first = shop({ ORDER_FAULT: 'crash-before-publish' });
  const url = await first.url;
  const [product] = await createProducts(url, 'PUBLISH', [3]);
  const key = randomUUID();
  // The customer is answered once the order is decided; the event is published after that.
  const placed = await order(url, key, [{ productId: product!, quantity: 1 }]);
  expect(placed.status).toBe(201);
  expect((await first.exited).signal).toBe('SIGKILL');

  const { Items = [] } = await connection.client.send(new ScanCommand({ TableName: connection.tableName(Tables.orders) }));
  const stored = Items.find((item) => (item.lines as { productId: string }[])[0]?.productId === product);
  expect(stored?.status).toBe('PLACED');
  const [eventId] = Object.keys(stored?.outbox as object);
  expect(eventId).toBeDefined();
  expect(await notified(eventId!)).toBe(false);

  shop({ ORDER_SWEEP_INTERVAL_MS: '200' });
  await waitFor('the event to be delivered', async () => ((await notified(eventId!)) ? true : undefined));
  await waitFor('the outbox to be emptied', async () => {
    const after = await storedOrder(String(stored?.id));
    return Object.keys((after?.outbox as object) ?? {}).length === 0 && after?.sweepPartition === undefined ? true : undefined;
  });
  expect(await storedStock(connection, product!)).toMatchObject({ stock: 2, reserved: 1 });
});

it('books the delivery slot exactly once across a crash right after booking it', async () => {
  const first = shop({ ORDER_FAULT: 'crash-after-booking' });
  const url = await first.url;
  const [product] = await createProducts(url, 'SLOT', [4]);
  const slots = (await (await fetch(`${url}/fulfilment/slots?postcode=3000`)).json()) as { items: { id: string; bookable: boolean; capacity: number }[] };
  const slot = slots.items.find((candidate) => candidate.bookable)!;
  const hold = (await (
    await fetch(`${url}/fulfilment/slot-holds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issuer.sign({ sub: 'crash-customer' })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotId: slot.id }),
    })
  ).json()) as { id: string };
  const key = randomUUID();
  await expect(order(url, key, [{ productId: product!, quantity: 1 }], hold.id)).rejects.toThrow();
  expect((await first.exited).signal).toBe('SIGKILL');

  const slotItem = async () => {
    const { Item } = await connection.client.send(
      new GetCommand({ TableName: connection.tableName(Tables.deliverySlots), Key: { zoneId: 'mel', slotId: slot.id }, ConsistentRead: true }),
    );
    return Item as { capacity: number; free: number; held: number; booked: number };
  };
  // Booked, and the order not decided yet.
  const [orderId] = await pendingOrderIds();
  expect(await slotItem()).toMatchObject({ booked: 1, held: 0 });

  const second = shop({ ORDER_SWEEP_INTERVAL_MS: '200' });
  const secondUrl = await second.url;
  await waitFor('the sweeper to place the order', async () => ((await storedOrder(orderId!))?.status === 'PLACED' ? true : undefined));
  const after = await slotItem();
  expect(after).toMatchObject({ booked: 1, held: 0 });
  expect(after.booked + after.held + after.free).toBe(after.capacity);
  expect(await storedStock(connection, product!)).toMatchObject({ stock: 3, held: 1, reservations: {} });
  const retry = await order(secondUrl, key, [{ productId: product!, quantity: 1 }], hold.id);
  expect(retry.status).toBe(201);
  expect(((await retry.json()) as { slot: { id: string } }).slot.id).toBe(slot.id);
});
