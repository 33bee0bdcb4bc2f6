import { Module } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { AnalyticsExportModule } from '@gomart/analytics-export';
import { mapConcurrently } from '@gomart/async';
import { DynamoModule } from '@gomart/dynamo';
import { OrderEventConsumers } from '@gomart/events';
import { DynamoSlotStore, FulfilmentTables } from '@gomart/fulfilment';
import { withToolContext } from '@gomart/platform';
import { RecommendationsModule } from '@gomart/recommendations';
import { ShopHistory, type HistoricOrder } from './shop-history';

const USAGE = `usage: npm run seed:history [-- --days 60 --customers 300 --seed 1]

Generates a shop's past (about customers × days ÷ 8 orders, each placed, booked into a slot,
picked with weights and substitutions, delivered or cancelled) and hands its events to the
analytics consumer, as live orders do: the dashboard's counters and the sales facts fill up.
Writes to the store the environment names (the embedded one under DATA_DIR: stop the app
first). Deterministic: running it again with the same options records nothing twice.`;

const ORDERS_IN_FLIGHT = 8;
const BATCH = 64;

/** The consumers a past order reaches: analytics (facts, counters) and recommendations (baskets). No mail goes to the past. */
@Module({
  imports: [AnalyticsExportModule, RecommendationsModule, DynamoModule.forFeature(Object.values(FulfilmentTables))],
  providers: [DynamoSlotStore],
})
class HistorySeederModule {}

/** `npm run seed:history`: N days of realistic orders through the event consumers, with a progress bar. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: { days: number; customers: number; seed: number };
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { days: { type: 'string' }, customers: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    options = { days: whole(values.days ?? '60', 'days', 1, 730), customers: whole(values.customers ?? '300', 'customers', 1, 100_000), seed: whole(values.seed ?? '1', 'seed', 0, 2 ** 31) };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const result = await withToolContext('gomart', HistorySeederModule, async (context, config) => {
    const history = new ShopHistory({
      ...options,
      products: config.seed.productCount,
      weightBufferPercent: config.orders.weightBufferPercent,
      cutoffMinutes: config.fulfilment.cutoffMinutes,
    });
    process.stderr.write(`Seeding ${options.days} days of orders, ${history.firstDay} to ${history.lastDay}.\n`);
    const consumers = context.get(OrderEventConsumers);
    const bar = new SingleBar({ format: 'days {bar} {value}/{total} | {orders} orders', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
    bar.start(options.days, 0, { orders: 0 });
    let orders = 0;
    const deliver = async (batch: HistoricOrder[]) => {
      await mapConcurrently(batch, ORDERS_IN_FLIGHT, async ({ events }) => {
        for (const event of events) await consumers.deliver(event);
      });
      orders += batch.length;
      const day = batch.at(-1)!.order.createdAt.slice(0, 10);
      bar.update(Math.round((Date.parse(day) - Date.parse(history.firstDay)) / 86_400_000) + 1, { orders });
    };
    let batch: HistoricOrder[] = [];
    for (const order of history.orders()) {
      batch.push(order);
      if (batch.length === BATCH) {
        await deliver(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await deliver(batch);
    bar.update(options.days, { orders });
    bar.stop();
    const store = context.get(DynamoSlotStore);
    const slots = history.bookedSlots();
    await mapConcurrently(slots, ORDERS_IN_FLIGHT, (slot) => store.createIfMissing(slot));
    return { orders, slots: slots.length, from: history.firstDay, to: history.lastDay };
  });
  process.stdout.write(`Seeded ${result.orders} orders from ${result.from} to ${result.to}, in ${result.slots} delivery slots.\n`);
  return 0;
}

function whole(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
}
