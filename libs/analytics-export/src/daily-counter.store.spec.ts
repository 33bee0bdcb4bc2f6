import { DynamoConnection, DynamoTable, EmbeddedDynamo } from '@gomart/dynamo';
import { AnalyticsTables } from './analytics.tables';
import { CLOSED_RANGE_CACHE_MS, DailyCounterStore, OPEN_DAY_CACHE_MS } from './daily-counter.store';
import { daysBetween } from './dashboard';
import type { CounterIncrement } from './daily-counters';

const definition = AnalyticsTables.analyticsDaily;
let embedded: EmbeddedDynamo;
let connection: DynamoConnection;
let prefix = 0;

beforeAll(async () => {
  embedded = await EmbeddedDynamo.start();
});

afterAll(async () => {
  await connection.close();
  await embedded.stop();
});

/** A table of its own for each test, and two stores over it: this instance and another task's. */
async function stores(): Promise<[DailyCounterStore, DailyCounterStore]> {
  await connection?.close();
  prefix += 1;
  connection = await DynamoConnection.open({ mode: 'endpoint', endpoint: embedded.endpoint, region: 'ap-southeast-2', tablePrefix: `t${prefix}-`, createTables: true, timeoutMs: 3000 });
  await connection.register([definition]);
  const table = () => new DynamoTable(connection.client, connection.tableName(definition), definition);
  return [new DailyCounterStore(table()), new DailyCounterStore(table())];
}

// "Today" for these tests: the 30th, open; the 1st to the 29th closed.
const now = Date.parse('2026-06-30T09:00:00Z');
const june = daysBetween('2026-06-01', '2026-06-30');
const sold = (day: string, units: number): CounterIncrement[] => [
  { day, key: 'sales', add: { orders: 1, revenueCents: units * 100 } },
  { day, key: 'product#milk', add: { units, revenueCents: units * 100 }, labels: { category: 'dairy-eggs' } },
];
const figures = (rows: Awaited<ReturnType<DailyCounterStore['read']>>) => ({
  salesDays: rows.filter((row) => row.key === 'sales').length,
  milk: rows.find((row) => row.key === 'product#milk')?.values,
});

describe('DailyCounterStore on a real DynamoDB API', () => {
  it("sums a range's counters over its days, keeping each day's sales", async () => {
    const [store] = await stores();
    for (const day of june) await store.apply(sold(day, 2));
    const rows = await store.read(june, 'all', now);
    expect(figures(rows)).toEqual({ salesDays: 30, milk: { units: 60, revenueCents: 6000 } });
    expect(rows.find((row) => row.key === 'product#milk')?.labels).toEqual({ category: 'dairy-eggs' });
  });

  it('shows a late correction to a closed day at once when this store applies it', async () => {
    const [store] = await stores();
    for (const day of june) await store.apply(sold(day, 1));
    expect(figures(await store.read(june, 'all', now)).milk).toEqual({ units: 30, revenueCents: 3000 });
    await store.apply([{ day: '2026-06-03', key: 'product#milk', add: { units: -1, revenueCents: -100 } }]);
    expect(figures(await store.read(june, 'all', now + 1)).milk).toEqual({ units: 29, revenueCents: 2900 });
    // Today's counters show what this store applied at once.
    await store.apply(sold('2026-06-30', 5));
    expect(figures(await store.read(june, 'all', now + 2)).milk).toEqual({ units: 34, revenueCents: 3400 });
  });

  it("shows another instance's change to a closed day once the kept sums expire, and never keeps a read that overlapped a write", async () => {
    const [mine, theirs] = await stores();
    for (const day of june) await mine.apply(sold(day, 1));
    expect(figures(await mine.read(june, 'all', now)).milk?.units).toBe(30);
    await theirs.apply([{ day: '2026-06-10', key: 'product#milk', add: { units: 4, revenueCents: 400 } }]);
    expect(figures(await mine.read(june, 'all', now + CLOSED_RANGE_CACHE_MS - 1)).milk?.units).toBe(30);
    expect(figures(await mine.read(june, 'all', now + CLOSED_RANGE_CACHE_MS + 1)).milk?.units).toBe(34);

    // Reads racing with writes: whatever they answered, the next read has every write.
    const later = now + 3 * CLOSED_RANGE_CACHE_MS;
    const writes = Promise.all(june.slice(0, 20).map((day) => mine.apply([{ day, key: 'product#milk', add: { units: 1, revenueCents: 100 } }])));
    await Promise.all([mine.read(june, 'all', later), mine.read(june, 'all', later), writes]);
    expect(figures(await mine.read(june, 'all', later)).milk?.units).toBe(54);
  });

  it('forgets every kept range when the counters are rewritten (the backfill)', async () => {
    const [store] = await stores();
    for (const day of june) await store.apply(sold(day, 1));
    const rows = await store.read(june, 'totals', now);
    expect(rows.filter((row) => row.key === 'sales')).toHaveLength(30);
    await store.rewrite(june.slice(0, 10).flatMap((day) => [{ day, key: 'sales', values: { orders: 2, revenueCents: 50 }, labels: {} }]));
    const rebuilt = await store.read(june, 'totals', now + 1);
    expect(rebuilt.filter((row) => row.key === 'sales').map((row) => row.values.orders)).toEqual(Array(10).fill(2));
  });

  it("keeps today's counters as a running sum of what this store applies; another instance's show once it expires", async () => {
    const [mine, theirs] = await stores();
    const today = '2026-06-30';
    await mine.apply(sold(today, 2));
    expect(figures(await mine.read([today], 'all', now)).milk?.units).toBe(2);
    await theirs.apply(sold(today, 3));
    await mine.apply([...sold(today, 1), { day: today, key: 'product#bread', add: { units: 4, revenueCents: 400 } }]);
    const kept = await mine.read([today], 'all', now + 1);
    expect(figures(kept).milk?.units).toBe(3);
    expect(kept.find((row) => row.key === 'product#bread')?.values).toEqual({ units: 4, revenueCents: 400 });
    expect(kept.find((row) => row.key === 'sales')?.values).toEqual({ orders: 2, revenueCents: 300 });
    // The other selections come from the same sums.
    expect((await mine.read([today], 'totals', now + 1)).map((row) => row.key)).toEqual(['sales']);
    expect(figures(await mine.read([today], 'all', now + OPEN_DAY_CACHE_MS + 1)).milk?.units).toBe(6);
  });

  it("never counts an increment twice or misses one when today's reads race with this store's writes", async () => {
    const [store] = await stores();
    const today = '2026-06-30';
    await store.apply(sold(today, 1));
    let at = now;
    let expected = 1;
    for (let round = 0; round < 8; round++) {
      // Each round's reads find the kept sums expired, read the table while the writes land, and may keep what they read.
      at += OPEN_DAY_CACHE_MS + 1;
      const writes = Array.from({ length: 6 }, () => store.apply(sold(today, 1)));
      expected += writes.length;
      const reads = [0, 1, 2, 4, 8].map((delay) => new Promise((resolve) => setTimeout(resolve, delay)).then(() => store.read([today], 'all', at)));
      await Promise.all([...writes, ...reads]);
      // Within the same kept time: whatever was kept must have every write, once.
      const rows = await store.read([today], 'all', at);
      expect(figures(rows).milk?.units).toBe(expected);
      expect(rows.find((row) => row.key === 'sales')?.values.orders).toBe(expected);
    }
  });
});
