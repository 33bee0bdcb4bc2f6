// A shop's order history for the dashboard scenarios: `node order-history.js <DATA_DIR> <orders>`
// writes into the embedded store under DATA_DIR the daily counters that many orders leave,
// as the analytics backfill writes them (every fact summed by the app's own increments, then
// each counter written whole). Run by servers.ts before the server starts on that folder.
import './aliases';
import 'reflect-metadata';
import { CounterBackfillModule, CounterTotals, DailyCounterStore, incrementsFor, type FactLine, type OrderFact } from '@gomart/analytics-export';
import { withToolContext } from '@gomart/platform';
import { demoCatalog } from '../libs/catalog/src/demo-catalog';
import { productIdForSku } from '../libs/catalog/src/product';
import { mulberry32 } from '../libs/recommendations/src/random';

/** Orders spread over the last this many days, so the dashboard's default 28 days and the 28 before are full. */
export const HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

/** What the child prints on its last line (JSON), read by servers.ts. */
export interface HistorySummary {
  readonly orders: number;
  readonly facts: number;
  readonly counters: number;
  readonly ms: number;
}

/**
 * `orders` orders of 1–8 lines over the catalog's products (a few sell far more than the rest,
 * as in a supermarket), each placed on one of the last HISTORY_DAYS days; those before today
 * are picked, about one line in 20 substituted and one in 50 not available. Deterministic.
 */
export function* historyFacts(orders: number, products: number, today = new Date()): Generator<OrderFact> {
  const catalog = demoCatalog(products).map((product) => ({ ...product, id: productIdForSku(product.sku) }));
  const next = mulberry32(42);
  // Popularity ~ 1 / rank: a Zipf-like pick by inverting the harmonic sum.
  const weights = catalog.map((_, rank) => 1 / (rank + 1));
  const cumulative: number[] = [];
  weights.reduce((sum, weight, index) => (cumulative[index] = sum + weight), 0);
  const pick = () => {
    const target = next() * cumulative.at(-1)!;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return catalog[low]!;
  };
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (let n = 0; n < orders; n++) {
    const age = Math.floor(next() * HISTORY_DAYS);
    const placedAt = new Date(midnight - age * DAY_MS + Math.floor(next() * DAY_MS * 0.9)).toISOString();
    const lines: FactLine[] = Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
      const product = pick();
      const quantity = 1 + Math.floor(next() * 3);
      return { productId: product.id, name: product.name, category: product.category, quantity, unitPriceCents: product.priceCents, cents: product.priceCents * quantity };
    });
    const orderId = `bench-order-${n}`;
    const totalCents = lines.reduce((sum, line) => sum + line.cents, 0);
    const base = { orderId, customerId: `bench-customer-${n % 5000}`, placedAt };
    yield { ...base, eventId: `${orderId}-placed`, type: 'OrderPlaced', occurredAt: placedAt, day: placedAt.slice(0, 10), totalCents, currency: 'AUD', lines };
    if (age === 0) continue;
    const pickedAt = new Date(Date.parse(placedAt) + DAY_MS / 2).toISOString();
    const picked = lines.map((line): FactLine => {
      const roll = next();
      if (roll < 0.02) return { ...line, estimatedCents: line.cents, cents: 0, result: 'unavailable' };
      if (roll < 0.07) {
        const substitute = pick();
        return { ...line, estimatedCents: line.cents, result: 'substituted', substituteProductId: substitute.id, substituteName: substitute.name };
      }
      return { ...line, estimatedCents: line.cents, result: 'picked' };
    });
    const finalTotalCents = picked.reduce((sum, line) => sum + line.cents, 0);
    yield { ...base, eventId: `${orderId}-picked`, type: 'OrderPicked', occurredAt: pickedAt, day: pickedAt.slice(0, 10), estimatedTotalCents: totalCents, finalTotalCents, lines: picked };
  }
}

async function main(): Promise<void> {
  const [dataDir, ordersArgument, productsArgument] = process.argv.slice(2);
  const orders = Number(ordersArgument);
  const products = Number(productsArgument);
  if (!dataDir || !(orders > 0) || !(products > 0)) throw new Error('usage: order-history <DATA_DIR> <orders> <products>');
  Object.assign(process.env, { DATA_DIR: dataDir, DATA_IN_MEMORY: 'false', NODE_ENV: 'production', LOG_LEVEL: 'warn' });
  const started = performance.now();
  const totals = new CounterTotals();
  let facts = 0;
  for (const fact of historyFacts(orders, products)) {
    totals.add(incrementsFor(fact));
    facts += 1;
  }
  const rows = totals.toRows();
  await withToolContext('analytics-export', CounterBackfillModule, (context) => context.get(DailyCounterStore, { strict: false }).rewrite(rows));
  const summary: HistorySummary = { orders, facts, counters: rows.length, ms: Math.round(performance.now() - started) };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
