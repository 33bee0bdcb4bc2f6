import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoConnection } from '@gomart/dynamo';
import { storedStock, TestApp, TestTables, waitFor } from '@gomart/testing';
import fc from 'fast-check';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * Property: whatever mix of concurrent multi-line orders and cancellations customers send,
 * afterwards every product has `stock + reserved + sold == initial` (when the answers are in,
 * and again once what follows them is done), what a product holds is exactly the sum of the
 * lines of its PLACED orders, and nothing is left reserved half-way.
 */
let shop: TestApp;
let dynamo: DynamoConnection;
let admin: string;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, {
    env: { SEED_PRODUCT_COUNT: '0', CACHE_MEMORY_TTL_MS: '0', ORDER_SWEEP_INTERVAL_MS: '0', LOG_LEVEL: 'error' },
  });
  dynamo = shop.app.get(DynamoConnection);
  admin = shop.token('ada', ['admin']);
});

afterAll(() => shop.close());

async function storedOrder(id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.client.send(new GetCommand({ TableName: dynamo.tableName(TestTables.orders), Key: { id }, ConsistentRead: true }));
  return Item;
}

const isEmpty = (map: unknown) => Object.keys((map as object | undefined) ?? {}).length === 0;

const PRODUCTS = 3;
const line = fc.record({ product: fc.integer({ min: 0, max: PRODUCTS - 1 }), quantity: fc.integer({ min: 1, max: 3 }) });
const order = fc.record({
  customer: fc.integer({ min: 0, max: 3 }),
  lines: fc.uniqueArray(line, { minLength: 1, maxLength: PRODUCTS, selector: (entry) => entry.product }),
  cancel: fc.boolean(),
});
const scenario = fc.record({
  initial: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: PRODUCTS, maxLength: PRODUCTS }),
  rounds: fc.array(fc.array(order, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
});

let run = 0;

it('keeps stock + reserved + sold == initial under concurrent orders and cancels', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ initial, rounds }) => {
      run += 1;
      const productIds = await Promise.all(
        initial.map(async (stock, index) => {
          const created = await shop.request('/catalog/products', {
            method: 'POST',
            token: admin,
            body: { sku: `PB-${run}-${index}`, name: `Property ${run} ${index}`, brand: 'Prop', category: 'pantry', priceCents: 100, unit: 'each', stock },
          });
          return created.body.id as string;
        }),
      );
      const placed: { id: string; token: string; lines: { productId: string; quantity: number }[] }[] = [];

      for (const round of rounds) {
        // Each round: its new orders race with the cancellations of earlier rounds' orders.
        const toCancel = placed.filter((_, index) => round[index % round.length]!.cancel);
        await Promise.all([
          ...round.map(async (spec) => {
            const token = shop.token(`prop-${run}-${spec.customer}`);
            const lines = spec.lines.map((entry) => ({ productId: productIds[entry.product]!, quantity: entry.quantity }));
            const response = await shop.request('/orders', {
              method: 'POST',
              token,
              headers: { 'idempotency-key': randomUUID() },
              body: { lines },
            });
            expect([201, 409]).toContain(response.status);
            if (response.status === 201) placed.push({ id: response.body.id as string, token, lines });
            return response.status;
          }),
          ...toCancel.map((target) => shop.request(`/orders/${target.id}/cancel`, { method: 'POST', token: target.token })),
        ]);
      }

      const answered = await Promise.all(productIds.map((id) => storedStock(dynamo, id)));
      answered.forEach((state, index) => {
        expect(state.stock + state.reserved + state.sold).toBe(initial[index]);
        expect(state.stock).toBeGreaterThanOrEqual(0);
      });
      // Reservations move to held after the answers: once those follow-ups are done (no
      // reservation left, which is also what must hold in the end), the books are checked again.
      const states = await waitFor('the follow-ups to finish', async () => {
        const now = await Promise.all(productIds.map((id) => storedStock(dynamo, id)));
        return now.every((state) => Object.keys(state.reservations).length === 0) ? now : undefined;
      });
      states.forEach((state, index) => expect(state.stock + state.reserved + state.sold).toBe(initial[index]));
      const heldByProduct = new Map<string, number>();
      for (const order of placed) {
        const { body } = await shop.request(`/orders/${order.id}`, { token: order.token });
        expect(['PLACED', 'CANCELLED']).toContain(body.status);
        if (body.status !== 'PLACED') continue;
        for (const { productId, quantity } of order.lines) {
          heldByProduct.set(productId, (heldByProduct.get(productId) ?? 0) + quantity);
        }
      }
      states.forEach((state, index) => {
        expect(state.held).toBe(heldByProduct.get(productIds[index]!) ?? 0);
        // Every decision was completed: no reservation is left pending, nothing half-reserved.
        expect(state.reservations).toEqual({});
      });
      // And every order settled by its own follow-ups (no sweeper runs here), however they
      // raced: no work or event left on it, and off the sweeper's list.
      await waitFor('every order to be settled', async () => {
        const stored = await Promise.all(placed.map((order) => storedOrder(order.id)));
        return stored.every((item) => isEmpty(item?.work) && isEmpty(item?.outbox) && item?.sweepPartition === undefined) ? true : undefined;
      });
    }),
    { numRuns: 25, interruptAfterTimeLimit: 60_000 },
  );
}, 120_000);
