import { Inject, Injectable } from '@nestjs/common';
import type {
  CatalogPort,
  PricedProduct,
  ReserveRequest,
  ReserveResult,
  SettleRequest,
  StockRequest,
} from '@gomart/contracts';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import type { ProductRepository } from './product.repository';

/**
 * The catalog's side of the CatalogPort. Bound in-process in the monolith; in split mode the
 * catalog's TCP listener calls the same object on behalf of remote callers.
 */
@Injectable()
export class CatalogPortAdapter implements CatalogPort {
  constructor(@Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository) {}

  async priceProducts(ids: readonly string[]): Promise<PricedProduct[]> {
    const products = await this.products.getMany(ids);
    return products.map(({ id, sku, name, priceCents, currency }) => ({ id, sku, name, priceCents, currency }));
  }

  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return this.products.reserve(request);
  }

  release(request: StockRequest): Promise<void> {
    return this.products.release(request);
  }

  confirm(request: StockRequest): Promise<void> {
    return this.products.confirm(request);
  }

  settle(request: SettleRequest): Promise<void> {
    return this.products.settle(request);
  }

  forget(request: StockRequest): Promise<void> {
    return this.products.forget(request);
  }
}
