import { Inject, Injectable } from '@nestjs/common';
import { ReadThroughCache } from '@gomart/cache';
import { CatalogCacheKeys } from './catalog.cache-keys';
import { CatalogErrors } from './catalog.errors';
import { CatalogSearch, type ProductListing } from './catalog-search';
import { CatalogSeeder } from './catalog-seeder';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import { CATEGORIES } from './categories';
import { type NewProduct, type Product, type ProductChanges } from './product';
import type { ProductRepository } from './product.repository';
import { pricingOf, repriced, type PricingInput } from './product-pricing';
import type { SearchQuery } from './search';

const DEFAULT_CURRENCY = 'AUD';

export type ProductInput = Omit<NewProduct, 'currency' | 'imageUrl' | 'soldBy' | 'priceCents' | 'pricePerKgCents' | 'averageUnitGrams'> &
  PricingInput & { currency?: string; imageUrl?: string };

/**
 * The catalog's use cases: listings and search for shoppers, product administration for
 * admins. A write is in this instance's search index and out of every cache before it is
 * acknowledged; other instances' indexes follow the invalidation.
 */
@Injectable()
export class CatalogService {
  constructor(
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
    @Inject(CatalogSearch) private readonly search: CatalogSearch,
    @Inject(CatalogSeeder) private readonly seeder: CatalogSeeder,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
  ) {}

  list(query: SearchQuery): Promise<ProductListing> {
    return this.search.page(query);
  }

  async get(id: string): Promise<Product> {
    const product = await this.products.get(id);
    if (!product) throw CatalogErrors.productNotFound(id);
    return product;
  }

  categories(): { items: { id: string; name: string }[] } {
    return { items: CATEGORIES.map(({ id, name }) => ({ id, name })) };
  }

  async create({ soldBy, priceCents, pricePerKgCents, averageUnitGrams, ...input }: ProductInput): Promise<Product> {
    const product = await this.products.create({
      ...input,
      ...pricingOf({ soldBy, priceCents, pricePerKgCents, averageUnitGrams }),
      currency: input.currency ?? DEFAULT_CURRENCY,
      imageUrl: input.imageUrl ?? `/images/aisles/${input.category}.svg`,
    });
    await this.written(product.id);
    return product;
  }

  async update(id: string, changes: ProductChanges): Promise<Product> {
    if (Object.values(changes).every((value) => value === undefined)) throw CatalogErrors.nothingToChange();
    const priceChanges = ['priceCents', 'pricePerKgCents', 'averageUnitGrams'] as const;
    const pricing = priceChanges.some((field) => changes[field] !== undefined) ? repriced(await this.get(id), changes) : {};
    const product = await this.products.update(id, { ...changes, ...pricing });
    await this.written(id);
    return product;
  }

  async setStock(id: string, stock: number): Promise<Product> {
    const product = await this.products.setStock(id, stock);
    await this.written(id);
    return product;
  }

  /** Loads products in bulk (seeding, tests), into the table and this instance's index. */
  load(products: readonly NewProduct[]): Promise<void> {
    return this.seeder.load(products);
  }

  private async written(id: string): Promise<void> {
    await this.search.refresh(id);
    await this.cache.invalidate({ keys: [CatalogCacheKeys.product(id)], tags: [CatalogCacheKeys.listingsTag] });
  }
}
