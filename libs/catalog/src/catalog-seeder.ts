import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import { CatalogService } from './catalog.service';
import { demoCatalog } from './demo-catalog';
import type { ProductRepository } from './product.repository';

/** Loads the demo range on the first start of an empty catalog (when SEED_DEMO_CATALOG is on). */
@Injectable()
export class CatalogSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Catalog');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PRODUCT_REPOSITORY) private readonly products: ProductRepository,
    @Inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { demoCatalog: enabled, productCount } = this.config.seed;
    if (!enabled || productCount === 0 || !(await this.products.isEmpty())) return;
    const started = performance.now();
    await this.catalog.load(demoCatalog(productCount));
    this.logger.log(`Seeded ${productCount} demo products in ${Math.round(performance.now() - started)} ms`);
  }
}
