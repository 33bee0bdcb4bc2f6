import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import { CatalogSearch } from './catalog-search';
import { demoCatalog } from './demo-catalog';
import type { NewProduct } from './product';
import type { ProductRepository } from './product.repository';

/** Products written per step while seeding, each step followed by a progress line. */
const SEED_STEP = 1000;

/** Loads the demo range on the first start of an empty catalog (when SEED_DEMO_CATALOG is on). */
@Injectable()
export class CatalogSeeder {
  private readonly logger = new Logger('Catalog');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
    @Inject(CatalogSearch) private readonly search: CatalogSearch,
  ) {}

  async seedIfEmpty(): Promise<void> {
    const { demoCatalog: enabled, productCount } = this.config.seed;
    if (!enabled || productCount === 0 || !(await this.products.isEmpty())) return;
    const started = performance.now();
    await this.load(demoCatalog(productCount), (done) => this.logger.log(`seeding the demo catalog: ${done}/${productCount} products`));
    this.logger.log(`seeded ${productCount} demo products in ${Math.round(performance.now() - started)} ms`);
  }

  /** Writes products in bulk, a step at a time, and into this instance's search index. */
  async load(products: readonly NewProduct[], progress?: (done: number) => void): Promise<void> {
    for (let start = 0; start < products.length; start += SEED_STEP) {
      const stored = await this.products.putMany(products.slice(start, start + SEED_STEP));
      await this.search.addAll(stored);
      if (start + SEED_STEP < products.length) progress?.(start + SEED_STEP);
    }
  }
}
