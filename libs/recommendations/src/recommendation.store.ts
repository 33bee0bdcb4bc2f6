import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { batchWriteAll, DynamoTable, InjectTable } from '@gomart/dynamo';
import { UNKNOWN_AISLE, type Basket } from './basket';
import { recordPurchase, type RepeatCounter } from './buy-it-again';
import { emptyRecommenderState, type CustomerState, type RecommenderState } from './recommender-state';
import { RecommendationTables } from './recommendations.tables';

type Tables = typeof RecommendationTables;
type Item = Record<string, unknown>;

/** Updates in flight per basket: a 20-product basket makes 380 pair increments. */
const WRITES_IN_FLIGHT = 16;
/** Attempts at a customer's read-modify-write before giving up (the event is then redelivered). */
const HISTORY_ATTEMPTS = 5;
/** Sort keys of the bookkeeping items, outside any product id (ids are lower-case SKUs). */
export const TOTAL_KEY = '#total';
export const LATEST_KEY = '#latest';

/** Every product's baskets and aisle, and the baskets in total: what serving scores with. */
export interface PopularitySnapshot {
  readonly totalBaskets: number;
  /** Baskets per product, over every aisle it was bought in. */
  readonly counts: Map<string, number>;
  /** Per aisle, its products' baskets. */
  readonly byAisle: Map<string, Map<string, number>>;
}

/**
 * The recommender's counters on DynamoDB. Item-to-item and popularity counters are atomic
 * `ADD`s, so concurrent baskets never lose a count; a customer's decayed frequencies depend on
 * what is stored, so they are a read-modify-write guarded by the count read. Redelivery is the
 * consumer's concern (it records the event id with the basket).
 */
@Injectable()
export class RecommendationStore {
  constructor(
    @InjectTable(RecommendationTables.coPurchase) private readonly pairs: DynamoTable<Tables['coPurchase']>,
    @InjectTable(RecommendationTables.productPopularity) private readonly popularity: DynamoTable<Tables['productPopularity']>,
    @InjectTable(RecommendationTables.purchaseHistory) private readonly history: DynamoTable<Tables['purchaseHistory']>,
  ) {}

  /** Adds one basket's increments to every counter. */
  async add(basket: Basket): Promise<void> {
    if (basket.lines.length === 0) return;
    await Promise.all([this.addPopularity(basket), this.addPairs(basket), this.addToCustomer(basket)]);
  }

  /** Every product bought with `productId`, with the baskets holding both. */
  async pairsOf(productId: string): Promise<Map<string, number>> {
    const items = await queryAll(this.pairs, 'productId', productId);
    return new Map(items.map((item) => [String(item.otherId), Number(item.baskets)]));
  }

  /** The whole popularity table: one item per (aisle, product), a few thousand for the demo catalog. */
  async popularitySnapshot(): Promise<PopularitySnapshot> {
    let totalBaskets = 0;
    const counts = new Map<string, number>();
    const byAisle = new Map<string, Map<string, number>>();
    for await (const item of scanAll(this.popularity)) {
      const aisle = String(item.aisle);
      const productId = String(item.productId);
      const baskets = Number(item.baskets);
      if (aisle === TOTAL_KEY) {
        totalBaskets = baskets;
        continue;
      }
      counts.set(productId, (counts.get(productId) ?? 0) + baskets);
      let aisleCounts = byAisle.get(aisle);
      if (!aisleCounts) byAisle.set(aisle, (aisleCounts = new Map<string, number>()));
      aisleCounts.set(productId, baskets);
    }
    return { totalBaskets, counts, byAisle };
  }

  /** A customer's products and latest order. */
  async customer(customerId: string): Promise<CustomerState> {
    return toCustomer(await queryAll(this.history, 'customerId', customerId));
  }

  /** Every counter, read back whole (tests compare a rebuild with the incremental state). */
  async snapshot(): Promise<RecommenderState> {
    const state = emptyRecommenderState();
    for await (const item of scanAll(this.pairs)) {
      const productId = String(item.productId);
      let row = state.coPurchase.pairBaskets.get(productId);
      if (!row) state.coPurchase.pairBaskets.set(productId, (row = new Map<string, number>()));
      row.set(String(item.otherId), Number(item.baskets));
    }
    const popularity = await this.popularitySnapshot();
    state.coPurchase.totalBaskets = popularity.totalBaskets;
    for (const [id, count] of popularity.counts) state.coPurchase.itemBaskets.set(id, count);
    for (const [aisle, counts] of popularity.byAisle) state.aisles.set(aisle, counts);
    const rows = new Map<string, Item[]>();
    for await (const item of scanAll(this.history)) {
      const customerId = String(item.customerId);
      rows.set(customerId, [...(rows.get(customerId) ?? []), item]);
    }
    for (const [customerId, items] of rows) state.customers.set(customerId, toCustomer(items));
    return state;
  }

  /**
   * Makes the tables hold `state` exactly (the rebuild): every counter written whole, then
   * every item the state does not hold deleted — found by scanning, so no key set is kept
   * beside the state.
   */
  async replace(state: RecommenderState): Promise<{ written: number; removed: number }> {
    const pairItems = [...state.coPurchase.pairBaskets].flatMap(([productId, row]) =>
      [...row].map(([otherId, baskets]) => ({ productId, otherId, baskets })),
    );
    const popularityItems = [
      { aisle: TOTAL_KEY, productId: TOTAL_KEY, baskets: state.coPurchase.totalBaskets },
      ...[...state.aisles].flatMap(([aisle, counts]) => [...counts].map(([productId, baskets]) => ({ aisle, productId, baskets }))),
    ];
    const historyItems = [...state.customers].flatMap(([customerId, customer]) => [
      ...[...customer.products].map(([productId, counter]) => ({ customerId, productId, ...counter })),
      ...(customer.latest ? [{ customerId, productId: LATEST_KEY, ...customer.latest }] : []),
    ]);
    const put = (items: Item[]) => items.map((Item) => ({ PutRequest: { Item } }));
    await batchWriteAll(this.pairs.client, this.pairs.name, put(pairItems));
    await batchWriteAll(this.popularity.client, this.popularity.name, put(popularityItems));
    await batchWriteAll(this.history.client, this.history.name, put(historyItems));
    const removed = await Promise.all([
      this.removeWhere(this.pairs, ['productId', 'otherId'], (item) => !state.coPurchase.pairBaskets.get(String(item.productId))?.has(String(item.otherId))),
      this.removeWhere(this.popularity, ['aisle', 'productId'], (item) =>
        item.aisle !== TOTAL_KEY && !state.aisles.get(String(item.aisle))?.has(String(item.productId)),
      ),
      this.removeWhere(this.history, ['customerId', 'productId'], (item) => {
        const customer = state.customers.get(String(item.customerId));
        return item.productId === LATEST_KEY ? !customer?.latest : !customer?.products.has(String(item.productId));
      }),
    ]);
    return { written: pairItems.length + popularityItems.length + historyItems.length, removed: removed.reduce((a, b) => a + b, 0) };
  }

  private async addPopularity(basket: Basket): Promise<void> {
    const keys = [{ aisle: TOTAL_KEY, productId: TOTAL_KEY }, ...basket.lines.map((line) => ({ aisle: line.aisle ?? UNKNOWN_AISLE, productId: line.productId }))];
    await mapConcurrently(keys, WRITES_IN_FLIGHT, (Key) => this.increment(this.popularity, Key));
  }

  /** Each unordered pair under both products: 2·n·(n−1)/2 increments. */
  private async addPairs(basket: Basket): Promise<void> {
    const ids = basket.lines.map((line) => line.productId);
    const keys = ids.flatMap((productId) => ids.filter((otherId) => otherId !== productId).map((otherId) => ({ productId, otherId })));
    await mapConcurrently(keys, WRITES_IN_FLIGHT, (Key) => this.increment(this.pairs, Key));
  }

  private increment(table: DynamoTable, Key: Item): Promise<unknown> {
    return table.client.send(
      new UpdateCommand({ TableName: table.name, Key, UpdateExpression: 'ADD baskets :one', ExpressionAttributeValues: { ':one': 1 } }),
    );
  }

  /**
   * The customer's counters after this basket. Each product's write is conditional on the
   * count it was computed from, so two baskets of one customer at once cannot overwrite each
   * other's purchase: the loser reads again and re-applies what is left.
   */
  private async addToCustomer(basket: Basket): Promise<void> {
    const at = Date.parse(basket.placedAt);
    let pending = basket.lines;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === HISTORY_ATTEMPTS) throw new Error(`purchase history of ${basket.customerId} kept changing under order ${basket.orderId}`);
      const current = await this.customer(basket.customerId);
      const written = await mapConcurrently(pending, WRITES_IN_FLIGHT, (line) => this.writeCounter(basket.customerId, line, current.products.get(line.productId), at));
      pending = pending.filter((_, index) => !written[index]);
    }
    await this.history.conditionally(
      new UpdateCommand({
        TableName: this.history.name,
        Key: { customerId: basket.customerId, productId: LATEST_KEY },
        UpdateExpression: 'SET placedAt = :at, orderId = :order, products = :products',
        ConditionExpression: 'attribute_not_exists(placedAt) OR placedAt < :at OR (placedAt = :at AND orderId < :order)',
        ExpressionAttributeValues: { ':at': basket.placedAt, ':order': basket.orderId, ':products': basket.lines.map((line) => line.productId) },
      }),
    );
  }

  private writeCounter(customerId: string, line: Basket['lines'][number], current: RepeatCounter | undefined, at: number): Promise<boolean> {
    const next = recordPurchase(current, at);
    return this.history.conditionally(
      new UpdateCommand({
        TableName: this.history.name,
        Key: { customerId, productId: line.productId },
        UpdateExpression: `SET #count = :count, lastAt = :lastAt, decayed = :decayed${line.aisle === undefined ? '' : ', aisle = :aisle'}`,
        ConditionExpression: current ? '#count = :was' : 'attribute_not_exists(#count)',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':count': next.count,
          ':lastAt': next.lastAt,
          ':decayed': next.decayed,
          ...(line.aisle === undefined ? {} : { ':aisle': line.aisle }),
          ...(current ? { ':was': current.count } : {}),
        },
      }),
    );
  }

  private async removeWhere(table: DynamoTable, keyNames: readonly [string, string], stale: (item: Item) => boolean): Promise<number> {
    const keys: Item[] = [];
    for await (const item of scanAll(table)) if (stale(item)) keys.push({ [keyNames[0]]: item[keyNames[0]], [keyNames[1]]: item[keyNames[1]] });
    await batchWriteAll(table.client, table.name, keys.map((Key) => ({ DeleteRequest: { Key } })));
    return keys.length;
  }
}

function toCustomer(items: readonly Item[]): CustomerState {
  const customer: CustomerState = { products: new Map() };
  for (const item of items) {
    if (item.productId === LATEST_KEY) {
      customer.latest = { placedAt: String(item.placedAt), orderId: String(item.orderId), products: (item.products as string[] | undefined) ?? [] };
      continue;
    }
    const counter = { count: Number(item.count), lastAt: Number(item.lastAt), decayed: Number(item.decayed) };
    customer.products.set(String(item.productId), typeof item.aisle === 'string' ? { ...counter, aisle: item.aisle } : counter);
  }
  return customer;
}

async function queryAll(table: DynamoTable, partitionKey: string, value: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': value },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function* scanAll(table: DynamoTable): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await table.client.send(new ScanCommand({ TableName: table.name, ExclusiveStartKey: start }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

