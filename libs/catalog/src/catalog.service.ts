import { Inject, Injectable } from '@nestjs/common';
import { ReadThroughCache } from '@gomart/cache';
import { DomainError, ErrorCode } from '@gomart/contracts';
import type { Page } from '@gomart/dynamo';
import { CatalogCacheKeys } from './catalog.cache-keys';
import { CatalogErrors } from './catalog.errors';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import { CATEGORIES } from './categories';
import { DynamoWordIndex } from './dynamo-word-index';
import { productIdForSku, type NewProduct, type Product, type ProductChanges, type ProductQuery } from './product';
import type { ProductRepository } from './product.repository';

const DEFAULT_CURRENCY = 'AUD';

export type ProductInput = Omit<NewProduct, 'currency' | 'imageUrl'> & { currency?: string; imageUrl?: string };

/** The catalog's use cases: listings and search for shoppers, product administration for admins. */
@Injectable()
export class CatalogService {
  constructor(
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
    @Inject(DynamoWordIndex) private readonly search: DynamoWordIndex,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
  ) {}

  list(query: ProductQuery): Promise<Page<Product>> {
    const page = { limit: query.limit, cursor: query.cursor };
    if (query.q !== undefined) return this.search.search({ ...page, q: query.q, category: query.category });
    if (query.category) return this.products.listCategory(query.category, page);
    return this.products.listAll(page);
  }

  async get(id: string): Promise<Product> {
    const product = await this.products.get(id);
    if (!product) throw CatalogErrors.productNotFound(id);
    return product;
  }

  categories(): { items: { id: string; name: string }[] } {
    return { items: CATEGORIES.map(({ id, name }) => ({ id, name })) };
  }

  async create(input: ProductInput): Promise<Product> {
    const candidate = {
      ...input,
      id: productIdForSku(input.sku),
      currency: input.currency ?? DEFAULT_CURRENCY,
      imageUrl: input.imageUrl ?? `/images/aisles/${input.category}.svg`,
    };
    // Index first: a crash in between leaves index entries the search ignores (it re-checks
    // every hit against the product), never a product that search cannot find.
    await this.search.add(candidate);
    let product: Product;
    try {
      product = await this.products.create(candidate);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.SKU_TAKEN) {
        await this.search.discard(candidate, await this.products.get(candidate.id));
      }
      throw error;
    }
    await this.search.added(product);
    await this.invalidate(product.id);
    return product;
  }

  async update(id: string, changes: ProductChanges): Promise<Product> {
    if (Object.values(changes).every((value) => value === undefined)) throw CatalogErrors.nothingToChange();
    const before = await this.get(id);
    const next = { ...before, ...changes };
    const reindex = next.name !== before.name || next.brand !== before.brand || next.category !== before.category;
    if (reindex) await this.search.prepareChange(next);
    const product = await this.products.update(id, changes);
    if (reindex) await this.search.completeChange(before, product);
    await this.invalidate(id);
    return product;
  }

  async setStock(id: string, stock: number): Promise<Product> {
    const product = await this.products.setStock(id, stock);
    await this.invalidate(id);
    return product;
  }

  /** Loads products in bulk (seeding an empty catalog). */
  async load(products: readonly NewProduct[]): Promise<void> {
    // Index first, as for one product: search never misses a stored product.
    await this.search.addMany(products.map((product) => ({ ...product, id: productIdForSku(product.sku) })));
    await this.products.putMany(products);
  }

  /** Before the write is acknowledged, so the writer's next read — on any instance — sees it. */
  private invalidate(id: string): Promise<void> {
    return this.cache.invalidate({ keys: [CatalogCacheKeys.product(id)], tags: [CatalogCacheKeys.listingsTag] });
  }
}
