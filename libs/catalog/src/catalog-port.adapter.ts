import { Inject, Injectable } from '@nestjs/common';
import { batched } from '@gomart/async';
import { isNegative, ReadThroughCache } from '@gomart/cache';
import type { CatalogPort, PricedProduct, ProductSummary, ReserveResult, StockLine, StockMove } from '@gomart/contracts';
import { CatalogCacheKeys } from './catalog.cache-keys';
import { CatalogErrors } from './catalog.errors';
import { PRODUCT_REPOSITORY, STOCK_LEDGER } from './catalog.tokens';
import type { Product } from './product';
import type { ProductRepository } from './product.repository';
import type { StockLedger } from './stock-ledger';

/**
 * The catalog's side of the CatalogPort. Bound in-process in the monolith; in split mode the
 * catalog's TCP edge calls the same object on behalf of remote callers.
 */
@Injectable()
export class CatalogPortAdapter implements CatalogPort {
  constructor(
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
    @Inject(STOCK_LEDGER) private readonly ledger: StockLedger,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
  ) {}

  /** Read from the store every time: an order is priced at the prices of the moment. */
  async priceProducts(ids: readonly string[]): Promise<PricedProduct[]> {
    const products = await this.products.getMany(ids);
    return products.map(({ id, sku, name, category, priceCents, currency, soldBy, pricePerKgCents, averageUnitGrams, stock }) => ({
      id,
      sku,
      name,
      category,
      priceCents,
      currency,
      soldBy,
      ...(soldBy === 'per_kg' ? { pricePerKgCents, averageUnitGrams } : {}),
      stock,
    }));
  }

  /**
   * Each product read through the cache entry `GET /catalog/products/:id` reads and fills, the
   * ones no tier holds read from the store in one batch: a product read for a suggestion is
   * then there for its page, and the other way round. A product write, a sell-out or a restock
   * drops the entry on every instance; other stock moves show within the memory tier's TTL
   * (`recent`: an older entry from Redis is read again), so a suggestion kept for its own TTL
   * still shows stock within the lag the README promises. Unknown ids are remembered as the page
   * remembers them.
   */
  async describeProducts(ids: readonly string[]): Promise<ProductSummary[]> {
    const load = batched(async (missing: readonly string[]) => new Map((await this.products.getMany(missing)).map((product) => [product.id, product])));
    const reads = await Promise.all(
      [...new Set(ids)].map((id) =>
        // As the route reads it (no tags, no TTL of its own), so either fills the entry for the other.
        this.cache.read(
          CatalogCacheKeys.product(id),
          async () => {
            const product = await load(id);
            if (!product) throw CatalogErrors.productNotFound(id);
            return product;
          },
          { recent: true },
        ),
      ),
    );
    return reads.flatMap(({ entry }) => (isNegative(entry) ? [] : [JSON.parse(entry.json) as Product]));
  }

  reserve(line: StockLine): Promise<ReserveResult> {
    return this.ledger.reserve(line);
  }

  move(move: StockMove, line: StockLine): Promise<void> {
    return this.ledger.move(move, line);
  }

  clearMarker(line: Pick<StockLine, 'productId' | 'orderId'>): Promise<void> {
    return this.ledger.clearMarker(line);
  }
}
