import { Global, Module } from '@nestjs/common';
import { CATALOG_PORT } from '@gomart/contracts';
import { DynamoModule, Tables } from '@gomart/dynamo';
import { CatalogPortAdapter } from './catalog-port.adapter';
import { CatalogRpcController } from './catalog-rpc.controller';
import { CatalogController } from './catalog.controller';
import { CatalogSeeder } from './catalog-seeder';
import { CatalogService } from './catalog.service';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import { DynamoProductRepository } from './dynamo-product.repository';

/**
 * The catalog domain. Global so that, in the monolith, its CatalogPort is what every other
 * module gets under CATALOG_PORT; a split app that does not import it binds a remote one.
 */
@Global()
@Module({
  imports: [DynamoModule.forFeature([Tables.products, Tables.productSearch])],
  controllers: [CatalogController, CatalogRpcController],
  providers: [
    CatalogService,
    CatalogSeeder,
    CatalogPortAdapter,
    { provide: PRODUCT_REPOSITORY, useClass: DynamoProductRepository },
    { provide: CATALOG_PORT, useExisting: CatalogPortAdapter },
  ],
  exports: [CatalogService, CATALOG_PORT, CatalogPortAdapter],
})
export class CatalogModule {}
