import { randomUUID } from 'node:crypto';
import { DailyCounterStore, ORDER_FACT_REPOSITORY, CounterBackfill, type OrderFact, type OrderFactRepository } from '@gomart/analytics-export';
import { demoCatalog, productIdForSku } from '@gomart/catalog';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { OrderEventConsumers } from '@gomart/events';
import { addDays, SLOT_STORE, type SlotStore } from '@gomart/fulfilment';
import { TestApp } from '@gomart/testing';
import { GomartModule } from '../../apps/gomart/src/gomart.module';
import { ShopHistory } from '../../apps/gomart/src/history/shop-history';

/**
 * The business dashboard on a generated history (the seeder's own code, delivered through the
 * event consumers as live orders are) plus live orders picked through the API: every figure
 * equals the same figure computed here, independently, from the raw facts; redelivery counts
 * nothing twice; the backfill rebuilds the counters exactly; back-office routes are for staff.
 */
let shop: TestApp;
let admin: string;
let staff: string;
let facts: OrderFactRepository;
let history: ShopHistory;
const today = new Date().toISOString().slice(0, 10);
const PRODUCTS = 2000;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: String(PRODUCTS), ORDER_SWEEP_INTERVAL_MS: '0' } });
  admin = shop.token('ada', ['admin']);
  staff = shop.token('sam', ['staff']);
  facts = shop.app.get(ORDER_FACT_REPOSITORY);
  const config = shop.app.get<AppConfig>(APP_CONFIG);
  history = new ShopHistory({ days: 10, customers: 40, seed: 7, products: PRODUCTS, weightBufferPercent: config.orders.weightBufferPercent, cutoffMinutes: config.fulfilment.cutoffMinutes });
  await deliverHistory();
  const slots = shop.app.get<SlotStore>(SLOT_STORE);
  for (const slot of history.bookedSlots()) await slots.createIfMissing(slot);
}, 180_000);

afterAll(() => shop.close());

async function deliverHistory(): Promise<number> {
  const consumers = shop.app.get(OrderEventConsumers);
  let orders = 0;
  for (const { events } of history.orders()) {
    for (const event of events) await consumers.deliver(event);
    orders += 1;
  }
  return orders;
}

async function allFacts(): Promise<OrderFact[]> {
  const all: OrderFact[] = [];
  for await (const page of facts.all()) all.push(...page);
  return all;
}

interface Expected {
  sales: Map<string, { orders: number; revenueCents: number }>;
  products: Map<string, { units: number; revenueCents: number }>;
  aisles: Map<string, { units: number; revenueCents: number }>;
  picking: { lines: number; picked: number; substituted: number; unavailable: number };
}

/**
 * The figures straight from the facts, order by order, as a finance person would: an order
 * counts on the day it was placed unless cancelled, at its final amount once picked, with the
 * products that went in the bag (a substitute as itself). Shares no code with the counters.
 */
function expectedFrom(all: readonly OrderFact[], from: string, to: string): Expected {
  const byOrder = new Map<string, OrderFact[]>();
  for (const fact of all) byOrder.set(fact.orderId, [...(byOrder.get(fact.orderId) ?? []), fact]);
  const expected: Expected = { sales: new Map(), products: new Map(), aisles: new Map(), picking: { lines: 0, picked: 0, substituted: 0, unavailable: 0 } };
  const add = (map: Map<string, { units: number; revenueCents: number }>, key: string, units: number, cents: number) => {
    const sum = map.get(key) ?? { units: 0, revenueCents: 0 };
    map.set(key, { units: sum.units + units, revenueCents: sum.revenueCents + cents });
  };
  const inRange = (day: string) => day >= from && day <= to;
  for (const orderFacts of byOrder.values()) {
    const placed = orderFacts.find((fact) => fact.type === 'OrderPlaced');
    const picked = orderFacts.find((fact) => fact.type === 'OrderPicked');
    const cancelled = orderFacts.some((fact) => fact.type === 'OrderCancelled');
    if (picked && inRange(picked.day)) {
      for (const line of picked.lines ?? []) {
        expected.picking.lines += 1;
        if (line.result === 'picked') expected.picking.picked += 1;
        if (line.result === 'substituted') expected.picking.substituted += 1;
        if (line.result === 'unavailable') expected.picking.unavailable += 1;
      }
    }
    if (!placed || cancelled || !inRange(placed.day)) continue;
    const day = expected.sales.get(placed.day) ?? { orders: 0, revenueCents: 0 };
    expected.sales.set(placed.day, { orders: day.orders + 1, revenueCents: day.revenueCents + (picked ? picked.finalTotalCents! : placed.totalCents!) });
    const bagged = picked
      ? (picked.lines ?? []).filter((line) => line.result !== 'unavailable').map((line) => ({ ...line, productId: line.result === 'substituted' ? line.substituteProductId! : line.productId }))
      : (placed.lines ?? []);
    for (const line of bagged) {
      add(expected.products, line.productId, line.quantity, line.cents);
      add(expected.aisles, line.category ?? '', line.quantity, line.cents);
    }
  }
  return expected;
}

type Figures = {
  sales: { days: { day: string; orders: number; revenueCents: number; averageOrderValueCents: number }[]; totals: { orders: number; revenueCents: number } };
  topProducts: { productId: string; units: number; revenueCents: number }[];
  aisles: { category: string; units: number; revenueCents: number }[];
  picking: { lines: number; picked: number; substituted: number; unavailable: number; fillRate: number | null; substitutionRate: number | null };
  slots: { days: { day: string; capacity: number; booked: number; utilisation: number }[] };
  stockAlerts: { productId: string; stock: number; averageDailyUnits: number; daysOfCover: number }[];
};

async function dashboard(from: string, to: string, limit = 100): Promise<Figures> {
  const response = await shop.request(`/analytics/dashboard?from=${from}&to=${to}`, { token: admin });
  expect(response.status).toBe(200);
  const products = await shop.request(`/analytics/top-products?from=${from}&to=${to}&limit=${limit}`, { token: admin });
  return { ...(response.body as Figures), topProducts: (products.body as { items: Figures['topProducts'] }).items };
}

function expectFiguresToMatch(figures: Figures, expected: Expected): void {
  for (const day of figures.sales.days) {
    const want = expected.sales.get(day.day) ?? { orders: 0, revenueCents: 0 };
    expect({ day: day.day, orders: day.orders, revenueCents: day.revenueCents }).toEqual({ day: day.day, ...want });
    expect(day.averageOrderValueCents).toBe(want.orders ? Math.round(want.revenueCents / want.orders) : 0);
  }
  const wantTop = [...expected.products].filter(([, sum]) => sum.units !== 0).sort(([a, x], [b, y]) => y.revenueCents - x.revenueCents || y.units - x.units || a.localeCompare(b));
  expect(figures.topProducts.map(({ productId, units, revenueCents }) => ({ productId, units, revenueCents }))).toEqual(
    wantTop.slice(0, figures.topProducts.length).map(([productId, sum]) => ({ productId, ...sum })),
  );
  expect(Object.fromEntries(figures.aisles.map(({ category, units, revenueCents }) => [category, { units, revenueCents }]))).toEqual(Object.fromEntries(expected.aisles));
  expect(figures.picking).toMatchObject(expected.picking);
  const { lines, picked, substituted } = expected.picking;
  expect(figures.picking.fillRate).toBeCloseTo((picked + substituted) / lines, 10);
  expect(figures.picking.substitutionRate).toBeCloseTo(substituted / lines, 10);
}

describe('the business dashboard', () => {
  it('shows, for a seeded history, the figures the raw facts give', async () => {
    const from = history.firstDay;
    const figures = await dashboard(from, today);
    const all = await allFacts();
    const expected = expectedFrom(all, from, today);
    expect(expected.sales.size).toBeGreaterThan(5);
    expect(expected.picking.substituted).toBeGreaterThan(0);
    expect(expected.picking.unavailable).toBeGreaterThan(0);
    expectFiguresToMatch(figures, expected);
    expect(figures.sales.totals.orders).toBe([...expected.sales.values()].reduce((sum, day) => sum + day.orders, 0));

    // Slot utilisation: what the history booked in each day's slots.
    const booked = new Map<string, { capacity: number; booked: number }>();
    for (const slot of history.bookedSlots()) {
      const sum = booked.get(slot.day) ?? { capacity: 0, booked: 0 };
      booked.set(slot.day, { capacity: sum.capacity + slot.capacity, booked: sum.booked + slot.booked });
    }
    for (const day of figures.slots.days.filter((candidate) => candidate.day < addDays(today, -1))) {
      const want = booked.get(day.day);
      if (!want) continue;
      expect(day).toMatchObject(want);
      expect(day.utilisation).toBeCloseTo(want.booked / want.capacity, 10);
    }

    // Stock alerts: units in stock ÷ the range's average daily units sold, fewest days first.
    const days = figures.sales.days.length;
    const stock = await shop.request(`/catalog/products/${figures.stockAlerts[0]!.productId}`);
    const sold = expected.products.get(figures.stockAlerts[0]!.productId)!.units;
    expect(figures.stockAlerts[0]).toMatchObject({ stock: stock.body.stock, averageDailyUnits: sold / days });
    expect(figures.stockAlerts[0]!.daysOfCover).toBeCloseTo(stock.body.stock / (sold / days), 10);
    const covers = figures.stockAlerts.map((alert) => alert.daysOfCover);
    expect(covers).toEqual([...covers].sort((a, b) => a - b));
  });

  it('compares the range with the period of the same length before it', async () => {
    const to = history.lastDay;
    const from = addDays(to, -3);
    const response = await shop.request(`/analytics/dashboard?from=${from}&to=${to}`, { token: admin });
    const expected = expectedFrom(await allFacts(), addDays(from, -4), addDays(from, -1));
    const previousOrders = [...expected.sales.values()].reduce((sum, day) => sum + day.orders, 0);
    expect(response.body.previous).toEqual({ from: addDays(from, -4), to: addDays(from, -1) });
    expect(response.body.sales.previousTotals.orders).toBe(previousOrders);
    expect(response.body.sales.change.orders).toBeCloseTo((response.body.sales.totals.orders - previousOrders) / previousOrders, 10);
  });

  it('counts nothing twice when every event is delivered again', async () => {
    const before = await dashboard(history.firstDay, today);
    await deliverHistory();
    expect(await dashboard(history.firstDay, today)).toEqual(before);
  });

  it('follows a live order picked with a weighed line and a substitution, and a cancelled one', async () => {
    const range = demoCatalog(PRODUCTS).map((product) => ({ ...product, id: productIdForSku(product.sku) }));
    const weighed = range.find((product) => product.soldBy === 'per_kg')!;
    const milk = range.filter((product) => product.category === 'dairy-eggs' && product.soldBy === 'each');
    const customer = shop.token('lena');
    const place = (lines: unknown[]) => shop.request('/orders', { method: 'POST', token: customer, headers: { 'idempotency-key': randomUUID() }, body: { lines } });
    const before = await dashboard(today, today);

    const order = await place([{ productId: weighed.id, quantity: 2 }, { productId: milk[0]!.id, quantity: 1 }]);
    const dropped = await place([{ productId: milk[2]!.id, quantity: 3 }]);
    expect([order.status, dropped.status]).toEqual([201, 201]);
    expect((await shop.request(`/orders/${dropped.body.id}/cancel`, { method: 'POST', token: customer })).status).toBe(200);
    const id = order.body.id as string;
    expect((await shop.request(`/orders/${id}/status`, { method: 'PATCH', token: staff, body: { status: 'PICKING' } })).status).toBe(200);
    const grams = order.body.lines[0].estimatedGrams + 37;
    expect((await shop.request(`/orders/${id}/lines/${weighed.id}/pick`, { method: 'PUT', token: staff, body: { result: 'picked', grams } })).status).toBe(200);
    const substitute = await shop.request(`/orders/${id}/lines/${milk[0]!.id}/pick`, { method: 'PUT', token: staff, body: { result: 'substituted', substituteProductId: milk[1]!.id } });
    expect(substitute.status).toBe(200);
    const out = await shop.request(`/orders/${id}/status`, { method: 'PATCH', token: staff, body: { status: 'OUT_FOR_DELIVERY' } });
    expect(out.status).toBe(200);

    const after = await waitFor((figures) => figures.sales.totals.orders === before.sales.totals.orders + 1 && figures.picking.lines === before.picking.lines + 2);
    expect(after.sales.totals.revenueCents - before.sales.totals.revenueCents).toBe(out.body.finalTotalCents);
    expect(after.picking.lines - before.picking.lines).toBe(2);
    expect(after.picking.substituted - before.picking.substituted).toBe(1);
    expectFiguresToMatch(await dashboard(history.firstDay, today), expectedFrom(await allFacts(), history.firstDay, today));
  });

  it('is rebuilt exactly from the facts by the backfill', async () => {
    const before = await dashboard(history.firstDay, today);
    const counters = shop.app.get(DailyCounterStore);
    // Counters gone wrong: one inflated, one no fact gives, one lost.
    await counters.apply([{ day: history.lastDay, key: 'sales', add: { orders: 5, revenueCents: 999 } }]);
    await counters.apply([{ day: history.lastDay, key: 'product#no-such-product', add: { units: 3, revenueCents: 300 }, labels: { category: 'pantry' } }]);
    await counters.remove([{ day: history.firstDay, key: 'sales' }]);
    expect(await dashboard(history.firstDay, today)).not.toEqual(before);

    const progress: number[] = [];
    const result = await new CounterBackfill(facts, counters).rebuild(({ read }) => progress.push(read));
    expect(result).toMatchObject({ facts: (await allFacts()).length, removed: 1 });
    expect(progress.at(-1)).toBe(result.facts);
    expect(await dashboard(history.firstDay, today)).toEqual(before);
  });

  it('serves each figure as a CSV download with the same rows', async () => {
    const query = `from=${history.firstDay}&to=${today}`;
    const json = await shop.request(`/analytics/sales-by-day?${query}`, { token: admin });
    const csv = await shop.request(`/analytics/sales-by-day?${query}&format=csv`, { token: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="sales-by-day-${history.firstDay}-to-${today}.csv"`);
    const [header, ...rows] = csv.text.trimEnd().split('\r\n');
    expect(header).toBe('day,orders,revenue_cents,average_order_value_cents');
    expect(rows).toEqual(json.body.days.map((day: { day: string; orders: number; revenueCents: number; averageOrderValueCents: number }) => `${day.day},${day.orders},${day.revenueCents},${day.averageOrderValueCents}`));
    for (const figure of ['top-products', 'aisles', 'stock-alerts', 'slot-utilisation', 'picking']) {
      const response = await shop.request(`/analytics/${figure}?${query}&format=csv`, { token: admin });
      expect({ figure, status: response.status, lines: response.text.split('\r\n').length > 2 }).toEqual({ figure, status: 200, lines: true });
    }
  });

  it('refuses ranges it cannot answer with a clear 400', async () => {
    for (const query of ['from=2026-11-10&to=2026-11-01', 'from=2025-01-01&to=2026-01-02', 'from=2026-02-30', 'format=xml', 'limit=0']) {
      const response = await shop.request(`/analytics/top-products?${query}`, { token: admin });
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});

describe('back-office routes', () => {
  it('are for admins (the dashboard) and staff (the order board) only', async () => {
    const customer = shop.token('cora');
    for (const path of ['/analytics/dashboard', '/analytics/top-products?format=csv', '/analytics/picking', `/orders/board?day=${today}`]) {
      expect({ path, status: (await shop.request(path, { token: customer })).status }).toEqual({ path, status: 403 });
      expect({ path, status: (await shop.request(path)).status }).toEqual({ path, status: 401 });
    }
    expect((await shop.request('/analytics/dashboard', { token: staff })).status).toBe(403);
    expect((await shop.request(`/orders/board?day=${today}`, { token: admin })).status).toBe(200);
  });

  it('shows staff a day of slots with their orders, filtered by status and zone', async () => {
    const slots = await shop.request('/fulfilment/slots?postcode=2000');
    const slot = (slots.body.items as { id: string; day: string; bookable: boolean }[]).find((candidate) => candidate.bookable)!;
    const customer = shop.token('bo');
    const hold = await shop.request('/fulfilment/slot-holds', { method: 'POST', token: customer, body: { slotId: slot.id } });
    expect(hold.status).toBe(201);
    const milk = demoCatalog(PRODUCTS).find((product) => product.category === 'dairy-eggs')!;
    const order = await shop.request('/orders', {
      method: 'POST',
      token: customer,
      headers: { 'idempotency-key': randomUUID() },
      body: { lines: [{ productId: productIdForSku(milk.sku), quantity: 2 }], slotHoldId: hold.body.id, deliveryAddress: { name: 'Bo Lee', line1: '1 George St', city: 'Sydney', postcode: '2000', country: 'AU' } },
    });
    expect(order.status).toBe(201);

    const board = await shop.request(`/orders/board?day=${slot.day}`, { token: staff });
    expect(board.status).toBe(200);
    const onBoard = (board.body.slots as { id: string; capacity: number; booked: number; orders: { id: string }[] }[]).find((candidate) => candidate.id === slot.id)!;
    expect(onBoard.orders.map((candidate) => candidate.id)).toContain(order.body.id);
    expect(onBoard.orders.find((candidate) => candidate.id === order.body.id)).toMatchObject({ status: 'PLACED', customerName: 'Bo Lee', postcode: '2000', lineCount: 1, unitCount: 2, picked: 0 });
    expect(onBoard.booked).toBeGreaterThanOrEqual(1);
    expect(board.body.zones).toEqual(expect.arrayContaining([{ id: 'syd', name: 'Sydney' }]));

    const picking = await shop.request(`/orders/board?day=${slot.day}&status=PICKING,OUT_FOR_DELIVERY`, { token: staff });
    expect(picking.body.slots.flatMap((candidate: { orders: { id: string }[] }) => candidate.orders.map((entry) => entry.id))).not.toContain(order.body.id);
    const melbourne = await shop.request(`/orders/board?day=${slot.day}&zone=mel`, { token: staff });
    expect(melbourne.body.slots.every((candidate: { zoneId: string }) => candidate.zoneId === 'mel')).toBe(true);
    for (const query of ['day=tomorrow', `day=${slot.day}&status=LOST`, `day=${slot.day}&zone=Sydney!`]) {
      const response = await shop.request(`/orders/board?${query}`, { token: staff });
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});

/** Counters follow events the in-process bus delivers after the response; wait for the figures to catch up. */
async function waitFor(done: (figures: Figures) => boolean): Promise<Figures> {
  for (let attempt = 0; ; attempt++) {
    const figures = await dashboard(today, today);
    if (done(figures) || attempt > 100) return figures;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
