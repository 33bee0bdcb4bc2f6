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
 * The daily counters on DynamoDB: every increment one atomic `ADD` on its item. Logical
 * counters (`sales`, `picking`, `product#<id>`, `aisle#<category>`) are what callers see;
 * products are stored packed by day and shard, aisles in one item a day, so a request reads a
 * fixed number of items per day, however many orders the day had.
 */
@Injectable()
export class DailyCounterStore {
  constructor(@InjectTable(AnalyticsTables.analyticsDaily) private readonly table: DynamoTable<typeof AnalyticsTables.analyticsDaily>) {}

  async apply(increments: readonly CounterIncrement[]): Promise<void> {
    const byItem = new Map<string, CounterIncrement[]>();
    for (const increment of increments) {
      const id = `${increment.day}|${storedKey(increment.key)}`;
      byItem.set(id, [...(byItem.get(id) ?? []), increment]);
    }
    const updates = [...byItem.values()].flatMap((group) => chunk(group, COUNTERS_PER_UPDATE));
    await mapConcurrently(updates, WRITES_IN_FLIGHT, (group) => this.add(group));
  }

  /** The counters of the given days, from at most `3 + PRODUCT_SHARDS` items a day (2 for `totals`, 3 for `aisles`). */
  async read(days: readonly string[], selection: CounterSelection = 'all'): Promise<CounterRow[]> {
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

  /**
   * Makes the table hold exactly these counters (the backfill's recomputed set): each item
   * written whole, items none of them lands in deleted. Returns the counters that were stored
   * and are no longer wanted.
   */
  async rewrite(rows: readonly CounterRow[]): Promise<{ removed: number }> {
    const items = pack(rows);
    const wanted = new Set(rows.map((row) => `${row.day}|${row.key}`));
    const stored = await this.scanAll();
    const removed = stored.flatMap(unpack).filter((row) => !wanted.has(`${row.day}|${row.key}`)).length;
    const written = new Set(items.map((item) => `${String(item.day)}|${String(item.key)}`));
    const emptied = stored.filter((item) => !written.has(`${String(item.day)}|${String(item.key)}`)).map((item) => ({ day: item.day, key: item.key }));
    await batchWriteAll(this.table.client, this.table.name, items.map((Item) => ({ PutRequest: { Item } })));
    await batchWriteAll(this.table.client, this.table.name, emptied.map((Key) => ({ DeleteRequest: { Key } })));
    return { removed };
  }

  /** Deletes counters (repairs and tests): a product's attributes leave its packed item. */
  async remove(keys: readonly { day: string; key: string }[]): Promise<void> {
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

function chunk<T>(values: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(values.length / size) }, (_, index) => values.slice(index * size, (index + 1) * size));
}
