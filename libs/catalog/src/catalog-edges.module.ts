import { Module } from '@nestjs/common';
import { CatalogRpcController } from './catalog-rpc.controller';
import { CatalogController } from './catalog.controller';
import { CatalogModule } from './catalog.module';

/** The catalog's public HTTP routes (`/catalog/*`). */
@Module({ imports: [CatalogModule], controllers: [CatalogController] })
export class CatalogHttpModule {}

/** The CatalogPort served to other services over the TCP listener (the split catalog service). */
@Module({ imports: [CatalogModule], controllers: [CatalogRpcController] })
export class CatalogRpcModule {}
