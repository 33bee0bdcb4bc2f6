import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type ReserveRequest,
  type ReserveResult,
  type SettleRequest,
  type StockRequest,
} from '@gomart/contracts';
import { mapConcurrently } from '@gomart/async';
import { batchGetAll, batchWriteAll, decodeCursor, DynamoConnection, encodeCursor, Tables } from '@gomart/dynamo';
import type { CategoryId } from './categories';
import {
  productIdForSku,
  type NewProduct,
  type Page,
  type Product,
  type ProductChanges,
  type ProductQuery,
} from './product';
import type { ProductRepository } from './product.repository';
import {
  drivingToken,
  indexPrefix,
  isFirstMatch,
  matchesAll,
  normalizeText,
  productWords,
  queryTokens,
  without,
  wordCountChanges,
  wordCountPartition,
} from './search-terms';

/** Attributes a reader sees; reservations and bookkeeping stay on the item. */
const PUBLIC_FIELDS = [
  'id', 'sku', 'name', 'brand', 'category', 'priceCents', 'currency', 'unit', 'stock', 'imageUrl', 'updatedAt',
] as const;
const PROJECTION = {
  expression: PUBLIC_FIELDS.map((_, index) => `#f${index}`).join(', '),
  names: Object.fromEntries(PUBLIC_FIELDS.map((field, index) => [`#f${index}`, field])),
};

/** Upper bound on index entries one search request reads, so a very selective filter cannot make a request unbounded. */
const SEARCH_READ_BUDGET = 1000;
const SEARCH_QUERY_PAGE = 100;
/** Entries beyond `limit` in a search's first read: a product with two matching words has two. */
const FIRST_READ_SLACK = 5;
/** Distinct words starting like one query token that a driving-token choice reads counts for. */
const WORD_COUNT_READ_LIMIT = 500;
/** Word count updates in flight at once (a seed batch touches hundreds of words). */
const WORD_COUNT_WRITES = 8;

type SearchItem = {
  readonly prefix: string;
  readonly term: string;
  readonly productId: string;
  readonly category: CategoryId;
  readonly words: readonly string[];
};

@Injectable()
export class DynamoProductRepository implements ProductRepository {
  private readonly db: DynamoDBDocumentClient;
  private readonly productsTable: string;
  private readonly searchTable: string;
  private readonly logger = new Logger(DynamoProductRepository.name);

  constructor(@Inject(DynamoConnection) connection: DynamoConnection) {
    this.db = connection.client;
    this.productsTable = connection.tableName(Tables.products);
    this.searchTable = connection.tableName(Tables.productSearch);
  }

  async get(id: string): Promise<Product | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.productsTable,
        Key: { id },
        ProjectionExpression: PROJECTION.expression,
        ExpressionAttributeNames: PROJECTION.names,
      }),
    );
    return Item ? toProduct(Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Product[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const items = await batchGetAll(this.db, this.productsTable, unique.map((id) => ({ id })), PROJECTION);
    const byId = new Map(items.map((item) => [String(item.id), toProduct(item)]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async list(query: ProductQuery): Promise<Page<Product>> {
    if (query.q !== undefined) return this.search(query.q, query);
    if (query.category) return this.listCategory(query.category, query);
    return this.listAll(query);
  }

  async create(product: NewProduct): Promise<Product> {
    const now = new Date().toISOString();
    const item = toItem(product, now);
    // Index first: a crash in between leaves index entries the search ignores (it re-checks
    // every hit against the product), never a product that search cannot find.
    await this.writeSearchTerms(item);
    try {
      await this.db.send(
        new PutCommand({ TableName: this.productsTable, Item: item, ConditionExpression: 'attribute_not_exists(id)' }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.removeStrayTerms(item);
      throw new DomainError(ErrorCode.SKU_TAKEN, `A product with SKU ${product.sku} already exists.`, {
        sku: product.sku,
        id: item.id,
      });
    }
    await this.countWords(wordCountChanges([], productWords(item.name, item.brand)));
    return toProduct(item);
  }

  async update(id: string, changes: ProductChanges): Promise<Product> {
    const current = await this.get(id);
    if (!current) throw productNotFound(id);
    const next = { ...current, ...changes };
    const reindex = next.name !== current.name || next.brand !== current.brand || next.category !== current.category;
    if (reindex) await this.writeSearchTerms(next);

    const fields: Record<string, unknown> = { ...changes, updatedAt: new Date().toISOString() };
    if (changes.name !== undefined) fields.listKey = listKey(next.name, id);
    const updated = await this.updateFields(id, fields);

    if (reindex) {
      const [before, after] = [productWords(current.name, current.brand), productWords(next.name, next.brand)];
      await this.deleteSearchTerms(id, without(before, after));
      await this.countWords(wordCountChanges(before, after));
    }
    return updated;
  }

  async setStock(id: string, stock: number): Promise<Product> {
    return this.updateFields(id, { stock, updatedAt: new Date().toISOString() });
  }

  async isEmpty(): Promise<boolean> {
    const { Items } = await this.db.send(
      new ScanCommand({ TableName: this.productsTable, Limit: 1, ProjectionExpression: 'id' }),
    );
    return !Items?.length;
  }

  async putMany(products: readonly NewProduct[]): Promise<void> {
    const now = new Date().toISOString();
    const items = products.map((product) => toItem(product, now));
    const entries = items.flatMap(searchItems);
    await batchWriteAll(this.db, this.searchTable, entries.map((Item) => ({ PutRequest: { Item } })));
    await batchWriteAll(this.db, this.productsTable, items.map((Item) => ({ PutRequest: { Item } })));
    const counts = new Map<string, number>();
    for (const entry of entries) {
      const word = wordOf(entry);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    await this.countWords(counts);
  }

  async reserve({ productId, orderId, quantity }: ReserveRequest): Promise<ReserveResult> {
    // A failed condition does not say which part failed: read the item to tell a retried
    // step (already reserved) from a shortage; if stock came back meanwhile, try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.productsTable,
            Key: { id: productId },
            UpdateExpression: 'SET stock = stock - :quantity, reservations.#order = :quantity',
            ConditionExpression: 'attribute_exists(id) AND stock >= :quantity AND attribute_not_exists(reservations.#order)',
            ExpressionAttributeNames: { '#order': orderId },
            ExpressionAttributeValues: { ':quantity': quantity },
          }),
        );
        return { reserved: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.productsTable,
          Key: { id: productId },
          ConsistentRead: true,
          ProjectionExpression: 'stock, reservations.#order',
          ExpressionAttributeNames: { '#order': orderId },
        }),
      );
      if (!Item) return { reserved: false, available: 0 };
      if ((Item.reservations as Record<string, number> | undefined)?.[orderId] !== undefined) return { reserved: true };
      const available = Number(Item.stock);
      if (available < quantity) return { reserved: false, available };
    }
    return { reserved: false, available: 0 };
  }

  async release({ productId, orderId }: StockRequest): Promise<void> {
    await this.moveReservation(productId, orderId, 'stock = stock + reservations.#order');
  }

  async confirm({ productId, orderId }: StockRequest): Promise<void> {
    await this.moveReservation(productId, orderId, 'held = if_not_exists(held, :zero) + reservations.#order', { ':zero': 0 });
  }

  async settle({ productId, orderId, quantity, outcome }: SettleRequest): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.productsTable,
          Key: { id: productId },
          UpdateExpression: 'SET held = held - :quantity, #into = if_not_exists(#into, :zero) + :quantity, #marker = :outcome',
          ConditionExpression: 'attribute_not_exists(#marker) AND held >= :quantity',
          ExpressionAttributeNames: { '#into': outcome === 'sold' ? 'sold' : 'stock', '#marker': settledMarker(orderId) },
          ExpressionAttributeValues: { ':quantity': quantity, ':outcome': outcome, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.productsTable,
          Key: { id: productId },
          ConsistentRead: true,
          ProjectionExpression: '#marker',
          ExpressionAttributeNames: { '#marker': settledMarker(orderId) },
        }),
      );
      // Settled before (a retried step): nothing to do. Otherwise the counters disagree with the order.
      if (!Item?.[settledMarker(orderId)]) {
        throw new Error(`cannot settle ${quantity} of ${productId} for ${orderId}: fewer units held`, { cause: error });
      }
    }
  }

  async forget({ productId, orderId }: StockRequest): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.productsTable,
        Key: { id: productId },
        UpdateExpression: 'REMOVE #marker',
        ExpressionAttributeNames: { '#marker': settledMarker(orderId) },
      }),
    );
  }

  /** Moves an order's pending reservation somewhere (`assignment`); only the first call finds it. */
  private async moveReservation(
    productId: string,
    orderId: string,
    assignment: string,
    values?: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.productsTable,
          Key: { id: productId },
          UpdateExpression: `SET ${assignment} REMOVE reservations.#order`,
          ConditionExpression: 'attribute_exists(reservations.#order)',
          ExpressionAttributeNames: { '#order': orderId },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** No filter: a paginated scan, reading `limit` items per call whatever the table's size. */
  private async listAll(query: ProductQuery): Promise<Page<Product>> {
    const start = query.cursor ? decodeCursor('all', query.cursor, (key) => typeof key.id === 'string') : undefined;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new ScanCommand({
        TableName: this.productsTable,
        Limit: query.limit,
        ExclusiveStartKey: start,
        ProjectionExpression: PROJECTION.expression,
        ExpressionAttributeNames: PROJECTION.names,
      }),
    );
    return {
      items: Items.map(toProduct),
      nextCursor: LastEvaluatedKey ? encodeCursor('all', { id: String(LastEvaluatedKey.id) }) : null,
    };
  }

  /** One category, by name: a query on the byCategory index, then the products by key. */
  private async listCategory(category: CategoryId, query: ProductQuery): Promise<Page<Product>> {
    const start = query.cursor
      ? decodeCursor('category', query.cursor, (key) => key.category === category && Boolean(key.listKey && key.id))
      : undefined;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.productsTable,
        IndexName: Tables.products.indexes[0].indexName,
        KeyConditionExpression: 'category = :category',
        ExpressionAttributeValues: { ':category': category },
        Limit: query.limit,
        ExclusiveStartKey: start,
      }),
    );
    const items = await this.getMany(Items.map((item) => String(item.id)));
    const next = LastEvaluatedKey
      ? { category, listKey: String(LastEvaluatedKey.listKey), id: String(LastEvaluatedKey.id) }
      : undefined;
    return { items, nextCursor: next ? encodeCursor('category', next) : null };
  }

  /**
   * Text search: reads the index partition of the query's most selective word, from the
   * first entry starting with it, and keeps the entries whose product has every query word.
   * Cost grows with the number of matches read, not with the catalog.
   */
  private async search(q: string, query: ProductQuery): Promise<Page<Product>> {
    const tokens = queryTokens(q);
    if (tokens.length === 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', {
        fields: [{ field: 'q', problems: ['q must contain a word of at least 2 letters or digits'] }],
      });
    }
    // A cursor names the word its listing is driven by: counts may change between pages.
    const resumed = query.cursor
      ? decodeCursor('search', query.cursor, ({ driver, prefix, term }) =>
          Boolean(driver && tokens.includes(driver) && prefix === indexPrefix(driver) && term?.startsWith(driver)),
        )
      : undefined;
    const driver = resumed?.driver ?? (await this.chooseDriver(tokens));
    const prefix = indexPrefix(driver);
    let position: Record<string, string> | undefined = resumed ? { prefix, term: String(resumed.term) } : undefined;

    const matched: string[] = [];
    let exhausted = false;
    let read = 0;
    scan: while (!exhausted && read < SEARCH_READ_BUDGET) {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.searchTable,
          KeyConditionExpression: '#prefix = :prefix AND begins_with(#term, :driver)',
          ExpressionAttributeNames: { '#prefix': 'prefix', '#term': 'term' },
          ExpressionAttributeValues: { ':prefix': prefix, ':driver': driver },
          ExclusiveStartKey: position,
          // Most queries fill a page from their first entries: read a page's worth first.
          Limit: read === 0 ? Math.min(SEARCH_QUERY_PAGE, query.limit + FIRST_READ_SLACK) : SEARCH_QUERY_PAGE,
        }),
      );
      for (const item of Items as unknown as SearchItem[]) {
        read += 1;
        position = { prefix: item.prefix, term: item.term };
        if (!isFirstMatch(wordOf(item), driver, item.words) || !matchesAll(tokens, item.words)) continue;
        if (query.category && item.category !== query.category) continue;
        matched.push(item.productId);
        if (matched.length === query.limit) break scan;
      }
      if (!LastEvaluatedKey) exhausted = true;
    }

    // The index may lag a product edit: re-check every hit against the product itself.
    const products = (await this.getMany(matched)).filter(
      (product) =>
        matchesAll(tokens, productWords(product.name, product.brand)) &&
        (!query.category || product.category === query.category),
    );
    return { items: products, nextCursor: exhausted || !position ? null : encodeCursor('search', { ...position, driver }) };
  }

  /**
   * The query word with the fewest index entries, from the word counts: for "ice cream" the
   * partition of `ice` holds mostly ice creams, while `cream` holds every dairy cream first.
   */
  private async chooseDriver(tokens: readonly string[]): Promise<string> {
    if (tokens.length === 1) return tokens[0] as string;
    const counts = await Promise.all(
      tokens.map(async (token): Promise<[string, number]> => {
        const { Items = [] } = await this.db.send(
          new QueryCommand({
            TableName: this.searchTable,
            KeyConditionExpression: '#prefix = :partition AND begins_with(#term, :token)',
            ExpressionAttributeNames: { '#prefix': 'prefix', '#term': 'term', '#products': 'products' },
            ExpressionAttributeValues: { ':partition': wordCountPartition(indexPrefix(token)), ':token': token },
            ProjectionExpression: '#products',
            Limit: WORD_COUNT_READ_LIMIT,
          }),
        );
        return [token, Items.reduce((sum, item) => sum + Number(item.products ?? 0), 0)];
      }),
    );
    return drivingToken(tokens, new Map(counts)) as string;
  }

  /**
   * Keeps the number of products with each word, next to the index (in partitions no search
   * reads). Only a heuristic for choosing a query's driving word: a crash between a product
   * write and its count leaves a count off by one, which costs a search nothing but speed.
   */
  private async countWords(changes: ReadonlyMap<string, number>): Promise<void> {
    await mapConcurrently([...changes].filter(([, delta]) => delta !== 0), WORD_COUNT_WRITES, ([word, delta]) =>
      this.db.send(
        new UpdateCommand({
          TableName: this.searchTable,
          Key: { prefix: wordCountPartition(indexPrefix(word)), term: word },
          UpdateExpression: 'ADD #products :delta',
          ExpressionAttributeNames: { '#products': 'products' },
          ExpressionAttributeValues: { ':delta': delta },
        }),
      ),
    ).catch((error: unknown) =>
      this.logger.warn(`word counts not updated (${error instanceof Error ? error.message : String(error)}); search may read more`),
    );
  }

  private async updateFields(id: string, fields: Record<string, unknown>): Promise<Product> {
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.productsTable,
          Key: { id },
          UpdateExpression: `SET ${entries.map((_, index) => `#k${index} = :v${index}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], index) => [`#k${index}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toProduct(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw productNotFound(id);
      throw error;
    }
  }

  private async writeSearchTerms(product: Pick<Product, 'id' | 'name' | 'brand' | 'category'>): Promise<void> {
    const Items = searchItems(product);
    await batchWriteAll(this.db, this.searchTable, Items.map((Item) => ({ PutRequest: { Item } })));
  }

  private async deleteSearchTerms(id: string, words: readonly string[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.searchTable,
      words.map((word) => ({ DeleteRequest: { Key: { prefix: indexPrefix(word), term: `${word}#${id}` } } })),
    );
  }

  /** A create that lost to an existing SKU removes the index entries the existing product does not have. */
  private async removeStrayTerms(attempted: Pick<Product, 'id' | 'name' | 'brand'>): Promise<void> {
    const existing = await this.get(attempted.id);
    const keep = existing ? productWords(existing.name, existing.brand) : [];
    await this.deleteSearchTerms(attempted.id, without(productWords(attempted.name, attempted.brand), keep));
  }
}

/** Marks on the product that an order's held units were settled, so a retried settle is a no-op. */
function settledMarker(orderId: string): string {
  return `settled:${orderId}`;
}

function toItem(product: NewProduct, now: string) {
  const id = productIdForSku(product.sku);
  return {
    ...product,
    id,
    listKey: listKey(product.name, id),
    updatedAt: now,
    createdAt: now,
    // Units reserved by placements in progress (by order id), held by placed orders, delivered.
    reservations: {},
    held: 0,
    sold: 0,
  };
}

function searchItems(product: Pick<Product, 'id' | 'name' | 'brand' | 'category'>): SearchItem[] {
  const words = productWords(product.name, product.brand);
  return words.map((word) => ({
    prefix: indexPrefix(word),
    term: `${word}#${product.id}`,
    productId: product.id,
    category: product.category,
    words,
  }));
}

/** The word an index entry is for (its sort key is `word#productId`). */
function wordOf(entry: Pick<SearchItem, 'term'>): string {
  return entry.term.slice(0, entry.term.indexOf('#'));
}

/** Sort key of the byCategory index: products of an aisle in name order. */
function listKey(name: string, id: string): string {
  return `${normalizeText(name)}#${id}`;
}

function toProduct(item: Record<string, unknown>): Product {
  return Object.fromEntries(PUBLIC_FIELDS.map((field) => [field, item[field]])) as unknown as Product;
}

function productNotFound(id: string): DomainError {
  return new DomainError(ErrorCode.PRODUCT_NOT_FOUND, `No product with id ${id}.`, { id });
}
