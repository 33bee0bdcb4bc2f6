import { Module } from '@nestjs/common';
import { CATALOG_PORT } from '@gomart/contracts';
import { DynamoModule } from '@gomart/dynamo';
import { CatalogPortAdapter } from './catalog-port.adapter';
import { CatalogSeeder } from './catalog-seeder';
import { CatalogService } from './catalog.service';
import { CatalogTables } from './catalog.tables';
import { PRODUCT_REPOSITORY, STOCK_LEDGER } from './catalog.tokens';
import { DynamoProductRepository } from './dynamo-product.repository';
import { DynamoStockLedger } from './dynamo-stock-ledger';
import { DynamoWordIndex } from './dynamo-word-index';

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
    CatalogPortAdapter,
    DynamoWordIndex,
    { provide: PRODUCT_REPOSITORY, useClass: DynamoProductRepository },
    { provide: STOCK_LEDGER, useClass: DynamoStockLedger },
    { provide: CATALOG_PORT, useExisting: CatalogPortAdapter },
  ],
  exports: [CatalogService, CatalogPortAdapter, CATALOG_PORT],
})
export class CatalogModule {}
