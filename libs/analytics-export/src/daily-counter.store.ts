import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { batchGetAll, batchWriteAll, DynamoTable, InjectTable } from '@gomart/dynamo';
import { AnalyticsTables } from './analytics.tables';
import { CounterKeys, type CounterIncrement } from './daily-counters';

/** A counter as read: its day and key, its numbers and labels. */
export interface CounterRow {
  readonly day: string;
  readonly key: string;
  readonly values: Readonly<Record<string, number>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** Which counters a read needs: every one, the day's totals (sales, picking), or those and the aisles. */
export type CounterSelection = 'all' | 'totals' | 'aisles';

/**
 * A day's product counters are packed into this many items, a product's counters being
 * attributes `<figure>|<productId>` of the item its id hashes to. A dashboard request then
 * reads at most `3 + PRODUCT_SHARDS` items a day, however many orders the day had; 16 keeps
 * each item (about 48 bytes a product) below 160 KB even on a day that sells 50,000 products,
 * far under DynamoDB's 400 KB.
 */
export const PRODUCT_SHARDS = 16;
const WRITES_IN_FLIGHT = 8;
/** Counters per update: keeps an update expression well within DynamoDB's 4 KB. */
const COUNTERS_PER_UPDATE = 16;
const PRODUCT_PREFIX = CounterKeys.product('');
const AISLE_PREFIX = CounterKeys.aisle('');
const SHARD_PREFIX = 'products#';
/** A day's aisle counters, packed as its products' are, in one item (a shop has a few dozen aisles). */
const AISLES_ITEM = 'aisles';
const LABEL_PREFIX = 'label_';
/**
 * Days before today (UTC) are closed: their counters change only when a late event (a pick, a
 * cancel) corrects one. A read keeps the sums of a range's closed days this long, and
 * this store drops every kept range holding a day the moment it applies an increment to it, so
 * in one process a read never misses a write; another instance's late correction shows within
 * this time.
 */
export const CLOSED_RANGE_CACHE_MS = 60_000;
/**
 * Today's counters (UTC) as this instance last read them are kept this long, and every
 * increment this instance applies meanwhile is added to them as it lands: a running sum, so
 * a request reads nothing for today while it is kept. Another instance's orders show within
 * this time.
 */
export const OPEN_DAY_CACHE_MS = 5_000;
/** Closed ranges kept: the dashboard asks for a few (this period and the one before, per figure). */
const CLOSED_RANGES_KEPT = 64;
/** Days whose last change is remembered, so a read that overlapped one does not keep what it read. */
const CHANGED_DAYS_KEPT = 1_000;

/** Today's counters by logical key, as read and then kept up to date. */
interface OpenDay {
  readonly day: string;
  readonly rows: Map<string, { values: Record<string, number>; labels: Record<string, string> }>;
  readonly until: number;
  /** Increments added since it was read: a merge made at an earlier count is stale. */
  changes: number;
}

/** A range's closed days summed (each day's `sales` row, every other counter once), and where each counter is in `rows`. */
interface ClosedSums {
  readonly rows: readonly CounterRow[];
  readonly positions: ReadonlyMap<string, number>;
  /** The last merge of these sums with today's running sums, reused while today has not changed. */
  withToday?: { readonly open: OpenDay; readonly changes: number; readonly rows: readonly CounterRow[] };
}

interface KeptRange {
  readonly from: string;
  readonly to: string;
  readonly sums: ClosedSums;
  readonly until: number;
}

/**
 * The daily counters on DynamoDB: every increment one atomic `ADD` on its item. Logical
 * counters (`sales`, `picking`, `product#<id>`, `aisle#<category>`) are what callers see;
 * products are stored packed by day and shard, aisles in one item a day, so a request reads a
 * fixed number of items per day, however many orders the day had.
 */
@Injectable()
export class DailyCounterStore {
  /** The closed days' sums by `<selection>|<from>|<to>`, oldest first. */
  private readonly ranges = new Map<string, KeptRange>();
  /** Counts changes; `changed` holds the count at each day's last change, `cleared` at the last change of everything. */
  private generation = 0;
  private cleared = 0;
  private readonly changed = new Map<string, number>();
  /** Today's running sums, if kept; applies in flight (a read while one is under way is not kept). */
  private open?: OpenDay;
  private applying = 0;

  constructor(@InjectTable(AnalyticsTables.analyticsDaily) private readonly table: DynamoTable<typeof AnalyticsTables.analyticsDaily>) {}

  async apply(increments: readonly CounterIncrement[]): Promise<void> {
    const days = increments.map((increment) => increment.day);
    this.changing(days);
    // Kept before this apply began (none is kept while one is under way): it lacks these increments.
    const open = this.open;
    this.applying += 1;
    const byItem = new Map<string, CounterIncrement[]>();
    for (const increment of increments) {
      const id = `${increment.day}|${storedKey(increment.key)}`;
      byItem.set(id, [...(byItem.get(id) ?? []), increment]);
    }
    const updates = [...byItem.values()].flatMap((group) => chunk(group, COUNTERS_PER_UPDATE));
    let written = false;
    try {
      await mapConcurrently(updates, WRITES_IN_FLIGHT, (group) => this.add(group));
      written = true;
    } finally {
      this.applying -= 1;
      // Again once written: a read that ran meanwhile may have kept a day half-updated.
      this.changing(days);
      if (open && open === this.open && days.includes(open.day)) {
        // Some updates may have landed and some not: read today again.
        if (written) addTo(open, increments);
        else this.open = undefined;
      }
    }
  }

  /**
   * What figures over these days need: each day's `sales` row, and every other counter summed
   * over the days into one row (dated the first day it appears on). The closed days' sums come
   * from an earlier read of the same range while it is kept, and today from this instance's
   * running sums while they are kept (read again from at most `3 + PRODUCT_SHARDS` items when
   * not), merged again only when one of them changed: a repeated request reads nothing, however
   * many orders the range had. The rows are shared: callers read them, never change them.
   */
  async read(days: readonly string[], selection: CounterSelection = 'all', now = Date.now()): Promise<readonly CounterRow[]> {
    const openFrom = new Date(now).toISOString().slice(0, 10);
    const openDays = days.filter((day) => day >= openFrom);
    const closedDays = days.filter((day) => day < openFrom);
    const onlyToday = openDays.length === 1 && openDays[0] === openFrom;
    const keptToday = () => (this.open?.day === openFrom && this.open.until > now ? this.open : undefined);
    if (onlyToday && keptToday()) {
      const closed = await this.closedSums(closedDays, selection, now);
      const kept = keptToday();
      if (!kept) return withOpenDays(closed, await this.today(openFrom, selection, now));
      const last = closed.withToday;
      if (last && last.open === kept && last.changes === kept.changes) return last.rows;
      const rows = withOpenDays(closed, selected(rowsOf(kept), selection));
      closed.withToday = { open: kept, changes: kept.changes, rows };
      return rows;
    }
    const [closed, open] = await Promise.all([
      this.closedSums(closedDays, selection, now),
      onlyToday ? this.today(openFrom, selection, now) : this.fetch(openDays, selection),
    ]);
    return withOpenDays(closed, open);
  }

  /**
   * Makes the table hold exactly these counters (the backfill's recomputed set): each item
   * written whole, items none of them lands in deleted. Returns the counters that were stored
   * and are no longer wanted.
   */
  async rewrite(rows: readonly CounterRow[]): Promise<{ removed: number }> {
    this.changingEverything();
    const items = pack(rows);
    const wanted = new Set(rows.map((row) => `${row.day}|${row.key}`));
    const stored = await this.scanAll();
    const removed = stored.flatMap(unpack).filter((row) => !wanted.has(`${row.day}|${row.key}`)).length;
    const written = new Set(items.map((item) => `${String(item.day)}|${String(item.key)}`));
    const emptied = stored.filter((item) => !written.has(`${String(item.day)}|${String(item.key)}`)).map((item) => ({ day: item.day, key: item.key }));
    await batchWriteAll(this.table.client, this.table.name, items.map((Item) => ({ PutRequest: { Item } })));
    await batchWriteAll(this.table.client, this.table.name, emptied.map((Key) => ({ DeleteRequest: { Key } })));
    this.changingEverything();
    return { removed };
  }

  /** Deletes counters (repairs and tests): a product's attributes leave its packed item. */
  async remove(keys: readonly { day: string; key: string }[]): Promise<void> {
    const days = keys.map((key) => key.day);
    this.removing(days);
    await mapConcurrently(keys, WRITES_IN_FLIGHT, async ({ day, key }) => {
      const packed = packedKind(key);
      if (!packed) {
        await batchWriteAll(this.table.client, this.table.name, [{ DeleteRequest: { Key: { day, key } } }]);
        return;
      }
      const [item] = await batchGetAll<Record<string, unknown>>(this.table.client, this.table.name, [{ day, key: storedKey(key) }]);
      const suffix = `|${packed.id}`;
      const attributes = Object.keys(item ?? {}).filter((name) => name.endsWith(suffix));
      if (attributes.length === 0) return;
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { day, key: storedKey(key) },
          UpdateExpression: `REMOVE ${attributes.map((_, index) => `#r${index}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(attributes.map((name, index) => [`#r${index}`, name])),
        }),
      );
    });
    this.removing(days);
  }

  /** Counters of these days go (before and again after the deletes): kept sums holding them too, today's running sums included. */
  private removing(days: readonly string[]): void {
    this.changing(days);
    if (this.open && days.includes(this.open.day)) this.open = undefined;
  }

  /** Today's counters read (and kept as the running sums, for a read of every counter that overlapped no write). */
  private async today(day: string, selection: CounterSelection, now: number): Promise<CounterRow[]> {
    if (selection !== 'all') return this.fetch([day], selection);
    const generation = this.generation;
    const quiet = this.applying === 0;
    const rows = await this.fetch([day], 'all');
    if (quiet && this.generation === generation) this.open = { day, rows: new Map(rows.map((row) => [row.key, { values: { ...row.values }, labels: { ...row.labels } }])), until: now + OPEN_DAY_CACHE_MS, changes: 0 };
    return rows;
  }

  /** The closed days' counters summed, kept for CLOSED_RANGE_CACHE_MS unless one of the days changes meanwhile. */
  private async closedSums(days: readonly string[], selection: CounterSelection, now: number): Promise<ClosedSums> {
    if (days.length === 0) return { rows: [], positions: new Map() };
    const from = days[0]!;
    const to = days.at(-1)!;
    const id = `${selection}|${from}|${to}`;
    const kept = this.ranges.get(id);
    if (kept && kept.until > now) return kept.sums;
    const generation = this.generation;
    const rows = summedOverDays(await this.fetch(days, selection));
    const sums = { rows, positions: new Map(rows.map((row, index) => [row.key, index])) };
    const changedMeanwhile = this.cleared > generation || days.some((day) => (this.changed.get(day) ?? 0) > generation);
    if (!changedMeanwhile) {
      this.ranges.delete(id);
      this.ranges.set(id, { from, to, sums, until: now + CLOSED_RANGE_CACHE_MS });
      if (this.ranges.size > CLOSED_RANGES_KEPT) this.ranges.delete(this.ranges.keys().next().value!);
    }
    return sums;
  }

  /** The stored counters of the days, each day's by key. */
  private async fetch(days: readonly string[], selection: CounterSelection): Promise<CounterRow[]> {
    if (days.length === 0) return [];
    // Every item of a day is one query; a few items of each day are one batch read.
    const items =
      selection === 'all'
        ? (await mapConcurrently(days, WRITES_IN_FLIGHT, (day) => this.itemsOf(day))).flat()
        : await batchGetAll<Record<string, unknown>>(this.table.client, this.table.name, days.flatMap((day) => storedKeysOf(selection).map((key) => ({ day, key }))));
    const order = new Map(days.map((day, index) => [day, index]));
    return items
      .flatMap(unpack)
      .sort((a, b) => (order.get(a.day) ?? 0) - (order.get(b.day) ?? 0) || a.key.localeCompare(b.key));
  }

  /** The days' counters are changing: kept ranges holding any of them go, and reads under way keep nothing of them. */
  private changing(days: readonly string[]): void {
    this.generation += 1;
    for (const day of new Set(days)) {
      this.changed.delete(day);
      this.changed.set(day, this.generation);
    }
    if (this.changed.size > CHANGED_DAYS_KEPT) {
      // Forgetting when the oldest days changed: treat it as everything having changed.
      this.changed.clear();
      this.cleared = this.generation;
    }
    for (const [id, range] of this.ranges) if (days.some((day) => range.from <= day && day <= range.to)) this.ranges.delete(id);
  }

  private changingEverything(): void {
    this.generation += 1;
    this.cleared = this.generation;
    this.open = undefined;
    this.changed.clear();
    this.ranges.clear();
  }

  /** One update: the increments all land in the same item. */
  private add(increments: readonly CounterIncrement[]): Promise<unknown> {
    const adds = new Map<string, number>();
    const labels = new Map<string, string>();
    for (const increment of increments) {
      const field = fieldOf(increment.key);
      for (const [name, amount] of Object.entries(increment.add)) adds.set(field(name), (adds.get(field(name)) ?? 0) + amount);
      for (const [name, value] of Object.entries(increment.labels ?? {})) labels.set(field(`${LABEL_PREFIX}${name}`), value);
    }
    const first = increments[0]!;
    const names = [...adds.keys(), ...labels.keys()];
    return this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { day: first.day, key: storedKey(first.key) },
        UpdateExpression: [
          ...(adds.size ? [`ADD ${[...adds.keys()].map((_, index) => `#n${index} :v${index}`).join(', ')}`] : []),
          ...(labels.size ? [`SET ${[...labels.keys()].map((_, index) => `#n${adds.size + index} = :v${adds.size + index}`).join(', ')}`] : []),
        ].join(' '),
        ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#n${index}`, name])),
        ExpressionAttributeValues: Object.fromEntries([...adds.values(), ...labels.values()].map((value, index) => [`:v${index}`, value])),
      }),
    );
  }

  private async itemsOf(day: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async scanAll(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(new ScanCommand({ TableName: this.table.name, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** A packed counter's kind prefix and id (`product#`, `milk-1`), or undefined for a counter stored as its own item. */
function packedKind(key: string): { prefix: string; id: string } | undefined {
  for (const prefix of [PRODUCT_PREFIX, AISLE_PREFIX]) if (key.startsWith(prefix)) return { prefix, id: key.slice(prefix.length) };
  return undefined;
}

/** The item a logical counter is stored in. */
function storedKey(key: string): string {
  const packed = packedKind(key);
  if (!packed) return key;
  return packed.prefix === PRODUCT_PREFIX ? `${SHARD_PREFIX}${shardOf(packed.id)}` : AISLES_ITEM;
}

function storedKeysOf(selection: CounterSelection): string[] {
  const totals = [CounterKeys.sales, CounterKeys.picking];
  if (selection === 'totals') return totals;
  if (selection === 'aisles') return [...totals, AISLES_ITEM];
  return [...totals, AISLES_ITEM, ...Array.from({ length: PRODUCT_SHARDS }, (_, shard) => `${SHARD_PREFIX}${shard}`)];
}

/** The attribute a counter's figure is stored under: the figure itself, or `<figure>|<id>` in a packed item. */
function fieldOf(key: string): (name: string) => string {
  const packed = packedKind(key);
  if (!packed) return (name) => name;
  return (name) => `${name}|${packed.id}`;
}

/** FNV-1a: a stable, even spread of product ids over the shards. */
function shardOf(productId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < productId.length; index++) hash = Math.imul(hash ^ productId.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % PRODUCT_SHARDS;
}

/** A stored item as the logical counters it holds. */
function unpack(item: Record<string, unknown>): CounterRow[] {
  const day = String(item.day);
  const key = String(item.key);
  const rows = new Map<string, { values: Record<string, number>; labels: Record<string, string> }>();
  const kind = key === AISLES_ITEM ? AISLE_PREFIX : key.startsWith(SHARD_PREFIX) ? PRODUCT_PREFIX : undefined;
  const packed = kind !== undefined;
  for (const [attribute, value] of Object.entries(item)) {
    if (attribute === 'day' || attribute === 'key') continue;
    const split = packed ? attribute.indexOf('|') : -1;
    if (packed && split < 0) continue;
    const name = packed ? attribute.slice(0, split) : attribute;
    const logical = packed ? `${kind}${attribute.slice(split + 1)}` : key;
    const row = rows.get(logical) ?? { values: {}, labels: {} };
    if (name.startsWith(LABEL_PREFIX) && typeof value === 'string') row.labels[name.slice(LABEL_PREFIX.length)] = value;
    else if (typeof value === 'number') row.values[name] = value;
    rows.set(logical, row);
  }
  return [...rows].map(([logical, row]) => ({ day, key: logical, ...row }));
}

/** Logical counters as the items that store them. */
function pack(rows: readonly CounterRow[]): Record<string, unknown>[] {
  const items = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const key = storedKey(row.key);
    const id = `${row.day}|${key}`;
    const item = items.get(id) ?? { day: row.day, key };
    const field = fieldOf(row.key);
    for (const [name, value] of Object.entries(row.values)) item[field(name)] = value;
    for (const [name, value] of Object.entries(row.labels)) item[field(`${LABEL_PREFIX}${name}`)] = value;
    items.set(id, item);
  }
  return [...items.values()];
}

/** The running sums plus increments that have landed: figures add up, labels are replaced. */
function addTo(open: OpenDay, increments: readonly CounterIncrement[]): void {
  for (const increment of increments) {
    if (increment.day !== open.day) continue;
    const row = open.rows.get(increment.key) ?? { values: {}, labels: {} };
    for (const [name, amount] of Object.entries(increment.add)) row.values[name] = (row.values[name] ?? 0) + amount;
    Object.assign(row.labels, increment.labels);
    open.rows.set(increment.key, row);
    open.changes += 1;
  }
}

/** Copies of the running sums (a caller keeps them while later increments land). */
function rowsOf(open: OpenDay): CounterRow[] {
  return [...open.rows].map(([key, row]) => ({ day: open.day, key, values: { ...row.values }, labels: { ...row.labels } }));
}

/** The rows a selection reads: every counter, the day's totals, or those and the aisles. */
function selected(rows: CounterRow[], selection: CounterSelection): CounterRow[] {
  if (selection === 'all') return rows;
  const totals: string[] = [CounterKeys.sales, CounterKeys.picking];
  return rows.filter((row) => totals.includes(row.key) || (selection === 'aisles' && row.key.startsWith(AISLE_PREFIX)));
}

/**
 * The closed days' sums with the open days' rows added: the kept rows are shared, not copied
 * (rows are read-only), and only the counters the open days touch are summed anew, so the
 * work grows with today's counters, not with the range's.
 */
function withOpenDays(closed: ClosedSums, open: readonly CounterRow[]): CounterRow[] {
  if (open.length === 0) return [...closed.rows];
  const rows = [...closed.rows];
  const added = new Map<string, number>();
  for (const row of open) {
    if (row.key === CounterKeys.sales) {
      rows.push(row);
      continue;
    }
    const position = added.get(row.key) ?? closed.positions.get(row.key);
    if (position === undefined) {
      added.set(row.key, rows.push(row) - 1);
      continue;
    }
    const sum = rows[position]!;
    const values: Record<string, number> = { ...sum.values };
    for (const name in row.values) values[name] = (values[name] ?? 0) + row.values[name]!;
    rows[position] = { day: sum.day, key: sum.key, values, labels: { ...sum.labels, ...row.labels } };
    added.set(row.key, position);
  }
  return rows;
}

/** `sales` rows as they are (one a day); every other counter's rows summed into one, labels of the later days winning. */
function summedOverDays(rows: readonly CounterRow[]): CounterRow[] {
  const sales: CounterRow[] = [];
  const sums = new Map<
    string,
    { day: string; key: string; values: Record<string, number>; labels: Record<string, string> }
  >();
  for (const row of rows) {
    if (row.key === CounterKeys.sales) {
      sales.push(row);
      continue;
    }
    const sum = sums.get(row.key);
    if (!sum) {
      // Most keys appear once (a range's closed days come summed already): a copy, not a sum.
      sums.set(row.key, { day: row.day, key: row.key, values: { ...row.values }, labels: { ...row.labels } });
      continue;
    }
    for (const name in row.values) sum.values[name] = (sum.values[name] ?? 0) + row.values[name]!;
    Object.assign(sum.labels, row.labels);
  }
  return [...sales, ...sums.values()];
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(values.length / size) }, (_, index) => values.slice(index * size, (index + 1) * size));
}
