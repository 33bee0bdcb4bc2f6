import { Module } from '@nestjs/common';
import { CatalogHttpModule, CatalogRpcModule } from '@gomart/catalog';
import { PlatformModule } from '@gomart/platform';

/** The catalog service: public catalog routes over HTTP, the CatalogPort over TCP. */
@Module({
  imports: [PlatformModule.with({ cache: true, auth: true, discovery: true }), CatalogHttpModule, CatalogRpcModule],
})
export class CatalogAppModule {}
