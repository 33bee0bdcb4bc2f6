import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { batchWriteAll, decodeCursor, DynamoTable, encodeCursor, InjectTable, type Page } from '@gomart/dynamo';
import type { CategoryId } from './categories';
import { CatalogErrors } from './catalog.errors';
import { CatalogTables } from './catalog.tables';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import type { Product } from './product';
import type { ProductRepository } from './product.repository';
import {
  drivingToken,
  indexPrefix,
  isFirstMatch,
  matchesAll,
  productWords,
  queryTokens,
  without,
  wordCountChanges,
  wordCountPartition,
} from './search-terms';

/** Upper bound on index entries one search request reads, so a very selective filter cannot make a request unbounded. */
const SEARCH_READ_BUDGET = 1000;
const SEARCH_QUERY_PAGE = 100;
/** Entries beyond `limit` in a search's first read: a product with two matching words has two. */
const FIRST_READ_SLACK = 5;
/** Distinct words starting like one query token that a driving-token choice reads counts for. */
const WORD_COUNT_READ_LIMIT = 500;
/** Word count updates in flight at once (a seed batch touches hundreds of words). */
const WORD_COUNT_WRITES = 8;

type Indexed = Pick<Product, 'id' | 'name' | 'brand' | 'category'>;

interface SearchItem {
  readonly prefix: string;
  readonly term: string;
  readonly productId: string;
  readonly category: CategoryId;
  readonly words: readonly string[];
}

export interface WordSearchQuery {
  readonly q: string;
  readonly category?: CategoryId;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Catalog search on DynamoDB: a word-prefix index of names and brands (see search-terms.ts).
 * A query reads the partition of its most selective word from the first entry starting with
 * it, keeps entries whose product has every query word, and stops at `limit` matches.
 */
@Injectable()
export class DynamoWordIndex {
  private readonly logger = new Logger('Search');

  constructor(
    @InjectTable(CatalogTables.productSearch) private readonly table: DynamoTable<typeof CatalogTables.productSearch>,
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
  ) {}

  async search(query: WordSearchQuery): Promise<Page<Product>> {
    const tokens = queryTokens(query.q);
    if (tokens.length === 0) throw CatalogErrors.queryWithoutWords();
    // A cursor names the word its listing is driven by: counts may change between pages.
    const resumed = query.cursor
      ? decodeCursor('search', query.cursor, ['prefix', 'term', 'driver'], ({ driver, prefix, term }) =>
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
      const { Items = [], LastEvaluatedKey } = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
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
    const found = (await this.products.getMany(matched)).filter(
      (product) => matchesAll(tokens, productWords(product.name, product.brand)) && (!query.category || product.category === query.category),
    );
    return { items: found, nextCursor: exhausted || !position ? null : encodeCursor('search', { ...position, driver }) };
  }

  /** Index entries for a new product, written before the product so search never misses it. */
  async add(product: Indexed): Promise<void> {
    await this.writeTerms(product);
  }

  /** The product now exists: count its words. */
  async added(product: Indexed): Promise<void> {
    await this.countWords(wordCountChanges([], productWords(product.name, product.brand)));
  }

  /** A create lost to an existing SKU: remove the entries the existing product does not have. */
  async discard(attempted: Indexed, existing: Indexed | undefined): Promise<void> {
    const keep = existing ? productWords(existing.name, existing.brand) : [];
    await this.deleteTerms(attempted.id, without(productWords(attempted.name, attempted.brand), keep));
  }

  /** Before an edit of name, brand or aisle: the entries of the new version. */
  async prepareChange(next: Indexed): Promise<void> {
    await this.writeTerms(next);
  }

  /** After the edit: drop the entries and counts of the old words. */
  async completeChange(before: Indexed, after: Indexed): Promise<void> {
    const [old, current] = [productWords(before.name, before.brand), productWords(after.name, after.brand)];
    await this.deleteTerms(after.id, without(old, current));
    await this.countWords(wordCountChanges(old, current));
  }

  /** Bulk load for seeding. */
  async addMany(products: readonly Indexed[]): Promise<void> {
    const entries = products.flatMap(searchItems);
    await batchWriteAll(this.table.client, this.table.name, entries.map((Item) => ({ PutRequest: { Item: { ...Item } } })));
    const counts = new Map<string, number>();
    for (const entry of entries) counts.set(wordOf(entry), (counts.get(wordOf(entry)) ?? 0) + 1);
    await this.countWords(counts);
  }

  /**
   * The query word with the fewest index entries, from the word counts: for "ice cream" the
   * partition of `ice` holds mostly ice creams, while `cream` holds every dairy cream first.
   */
  private async chooseDriver(tokens: readonly string[]): Promise<string> {
    if (tokens.length === 1) return tokens[0] as string;
    const counts = await Promise.all(
      tokens.map(async (token): Promise<[string, number]> => {
        const { Items = [] } = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.name,
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
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
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

  private async writeTerms(product: Indexed): Promise<void> {
    const items = searchItems(product);
    await batchWriteAll(this.table.client, this.table.name, items.map((Item) => ({ PutRequest: { Item: { ...Item } } })));
  }

  private async deleteTerms(id: string, words: readonly string[]): Promise<void> {
    await batchWriteAll(
      this.table.client,
      this.table.name,
      words.map((word) => ({ DeleteRequest: { Key: { prefix: indexPrefix(word), term: `${word}#${id}` } } })),
    );
  }
}

function searchItems(product: Indexed): SearchItem[] {
  const words = productWords(product.name, product.brand);
  return words.map((word) => ({ prefix: indexPrefix(word), term: `${word}#${product.id}`, productId: product.id, category: product.category, words }));
}

/** The word an index entry is for (its sort key is `word#productId`). */
function wordOf(entry: Pick<SearchItem, 'term'>): string {
  return entry.term.slice(0, entry.term.indexOf('#'));
}
