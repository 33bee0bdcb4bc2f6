import { Inject, Injectable } from '@nestjs/common';
import { ReadThroughCache } from '@gomart/cache';
import { DomainError, ErrorCode } from '@gomart/contracts';
import { CatalogCacheKeys } from './catalog.cache-keys';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import { CATEGORIES } from './categories';
import { productIdForSku, type NewProduct, type Page, type Product, type ProductChanges, type ProductQuery } from './product';
import type { ProductRepository } from './product.repository';

const DEFAULT_CURRENCY = 'AUD';

@Injectable()
export class CatalogService {
  constructor(
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
  ) {}

  list(query: ProductQuery): Promise<Page<Product>> {
    return this.products.list(query);
  }

  async get(id: string): Promise<Product> {
    const product = await this.products.get(id);
    if (!product) throw new DomainError(ErrorCode.PRODUCT_NOT_FOUND, `No product with id ${id}.`, { id });
    return product;
  }

  categories(): { items: { id: string; name: string }[] } {
    return { items: CATEGORIES.map(({ id, name }) => ({ id, name })) };
  }

  async create(input: Omit<NewProduct, 'currency' | 'imageUrl'> & { currency?: string; imageUrl?: string }): Promise<Product> {
    const product = await this.products.create({
      ...input,
      currency: input.currency ?? DEFAULT_CURRENCY,
      imageUrl: input.imageUrl ?? `/images/products/${productIdForSku(input.sku)}.jpg`,
    });
    await this.invalidate(product.id);
    return product;
  }

  async update(id: string, changes: ProductChanges): Promise<Product> {
    if (Object.values(changes).every((value) => value === undefined)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', {
        fields: [{ field: '(body)', problems: ['at least one field to change is required'] }],
      });
    }
    const product = await this.products.update(id, changes);
    await this.invalidate(id);
    return product;
  }

  async setStock(id: string, stock: number): Promise<Product> {
    const product = await this.products.setStock(id, stock);
    await this.invalidate(id);
    return product;
  }

  /** Before the write is acknowledged, so the writer's next read — on any instance — sees it. */
  private invalidate(id: string): Promise<void> {
    return this.cache.invalidate({ keys: [CatalogCacheKeys.product(id)], tags: [CatalogCacheKeys.listingsTag] });
  }
}
