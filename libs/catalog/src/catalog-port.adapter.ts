import { Inject, Injectable } from '@nestjs/common';
import type { CatalogPort, PricedProduct, ProductSummary, ReserveResult, StockLine, StockMove } from '@gomart/contracts';
import { PRODUCT_REPOSITORY, STOCK_LEDGER } from './catalog.tokens';
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
  ) {}

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

  describeProducts(ids: readonly string[]): Promise<ProductSummary[]> {
    return this.products.getMany(ids);
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
