import { Inject, Injectable, Logger } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { ReadThroughCache, type InvalidationMessage } from '@gomart/cache';
import type { Page } from '@gomart/dynamo';
import { CatalogCacheKeys } from './catalog.cache-keys';
import { CatalogErrors } from './catalog.errors';
import { PRODUCT_REPOSITORY, PRODUCT_SEARCH } from './catalog.tokens';
import type { Product } from './product';
import type { ProductRepository } from './product.repository';
import { toSearchDoc, type ProductSearch, type SearchFacets, type SearchQuery, type SearchDoc } from './search';

/** Products read per scan page while the index is built. */
const SCAN_PAGE = 500;
/** A progress line every this many products. */
const PROGRESS_EVERY = 10_000;

export interface ProductListing extends Page<Product> {
  readonly total: number;
  readonly facets: SearchFacets;
}

/**
 * The catalog's listings and search, served by this instance's ProductSearch index: built from
 * the products table at start (paged), and kept current from every product write on every
 * instance — the writer refreshes its own index before it acknowledges, and every instance
 * re-reads the products named in the cache's invalidations (its own, and others' over Redis
 * pub/sub), or rebuilds when it may have missed some. Pages hold products as stored, read by key.
 */
@Injectable()
export class CatalogSearch {
  private readonly logger = new Logger('Search');
  private built = false;

  constructor(
    @Inject(PRODUCT_SEARCH) private readonly index: ProductSearch,
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
  ) {
    cache.onInvalidation((message) => void this.follow(message));
  }

  get ready(): boolean {
    return this.built;
  }

  async page(query: SearchQuery): Promise<ProductListing> {
    if (!this.built) throw CatalogErrors.warmingUp();
    const { ids, nextCursor, total, facets } = await this.index.search(query);
    return { items: await this.products.getMany(ids), nextCursor, total, facets };
  }

  /** (Re)builds the whole index from the products table; changes made meanwhile are kept. */
  async rebuild(): Promise<void> {
    const started = performance.now();
    const docs: SearchDoc[] = [];
    const popularity = new Map<string, number>();
    let cursor: string | undefined;
    let nextProgress = PROGRESS_EVERY;
    do {
      const page = await this.products.scan({ limit: SCAN_PAGE, cursor });
      for (const { product, unitsSold } of page.items) {
        docs.push(toSearchDoc(product));
        if (unitsSold > 0) popularity.set(product.id, unitsSold);
      }
      if (docs.length >= nextProgress) {
        this.logger.log(`search index: ${docs.length} products read`);
        nextProgress += PROGRESS_EVERY;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await this.index.replaceAll(docs);
    for (const [id, unitsSold] of popularity) await this.index.setPopularity(id, unitsSold);
    this.built = true;
    this.logger.log(`search index built: ${docs.length} products in ${Math.round(performance.now() - started)} ms`);
  }

  /** The product as stored now, into this instance's index (or out of it, if it is gone). */
  async refresh(id: string): Promise<void> {
    const product = await this.products.get(id, { consistent: true });
    if (product) await this.index.upsert(toSearchDoc(product));
    else await this.index.remove(id);
  }

  /** Puts products just written in bulk (seeding) into the index, without reading them back. */
  async addAll(products: readonly Product[]): Promise<void> {
    for (const product of products) await this.index.upsert(toSearchDoc(product));
  }

  private async follow(message: InvalidationMessage | 'missed'): Promise<void> {
    try {
      if (message === 'missed') {
        if (this.built) await this.rebuild();
        return;
      }
      const ids = message.keys.flatMap((key) => CatalogCacheKeys.productIdOf(key) ?? []);
      if (ids.length === 0) return;
      await mapConcurrently(ids, 4, (id) => this.refresh(id));
      // A listing read while the index was being updated may hold the old state.
      this.cache.forgetLocally({ tags: [CatalogCacheKeys.listingsTag] });
    } catch (error) {
      this.logger.warn(`search index not updated (${error instanceof Error ? error.message : String(error)}); it catches up at the next change`);
    }
  }
}
