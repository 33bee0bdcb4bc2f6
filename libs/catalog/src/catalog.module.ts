import { Module } from '@nestjs/common';
import { DynamoModule, Tables } from '@gomart/dynamo';
import { CatalogController } from './catalog.controller';
import { CatalogSeeder } from './catalog-seeder';
import { CatalogService } from './catalog.service';
import { PRODUCT_REPOSITORY } from './catalog.tokens';
import { DynamoProductRepository } from './dynamo-product.repository';

@Module({
  imports: [DynamoModule.forFeature([Tables.products, Tables.productSearch])],
  controllers: [CatalogController],
  providers: [CatalogService, CatalogSeeder, { provide: PRODUCT_REPOSITORY, useClass: DynamoProductRepository }],
  exports: [CatalogService, PRODUCT_REPOSITORY],
})
export class CatalogModule {}
