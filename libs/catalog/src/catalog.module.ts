import { Module } from '@nestjs/common';
import { CATALOG_PORT } from '@gomart/contracts';
import { DynamoModule } from '@gomart/dynamo';
import { CatalogPortAdapter } from './catalog-port.adapter';
import { CatalogSearch } from './catalog-search';
import { CatalogSeeder } from './catalog-seeder';
import { CatalogWarmUp } from './catalog-warm-up';
import { CatalogService } from './catalog.service';
import { CatalogTables } from './catalog.tables';
import { PRODUCT_REPOSITORY, PRODUCT_SEARCH, STOCK_LEDGER } from './catalog.tokens';
import { DynamoProductRepository } from './dynamo-product.repository';
import { DynamoStockLedger } from './dynamo-stock-ledger';
import { MiniSearchProductSearch } from './search';

/**
 * The catalog domain: its service, stores and the in-process side of the CatalogPort. No
 * edges: an app adds CatalogHttpModule for the public routes, CatalogRpcModule to serve the
 * port to other services, and binds CATALOG_PORT for orders where it composes them.
 */
@Module({
  imports: [DynamoModule.forFeature(Object.values(CatalogTables))],
  providers: [
    CatalogService,
    CatalogSeeder,
    CatalogSearch,
    CatalogWarmUp,
    CatalogPortAdapter,
    { provide: PRODUCT_SEARCH, useFactory: () => new MiniSearchProductSearch() },
    { provide: PRODUCT_REPOSITORY, useClass: DynamoProductRepository },
    { provide: STOCK_LEDGER, useClass: DynamoStockLedger },
    { provide: CATALOG_PORT, useExisting: CatalogPortAdapter },
  ],
  exports: [CatalogService, CatalogPortAdapter, CatalogWarmUp, CATALOG_PORT],
})
export class CatalogModule {}
