import { Module } from '@nestjs/common';
import { AuthHttpModule } from '@gomart/auth';
import { CatalogHttpModule, CatalogRpcModule } from '@gomart/catalog';
import { PlatformModule } from '@gomart/platform';

/** The catalog service: public catalog routes over HTTP, the CatalogPort over TCP. */
@Module({
  imports: [PlatformModule.with({ cache: true, auth: true, discovery: true }), AuthHttpModule, CatalogHttpModule, CatalogRpcModule],
})
export class CatalogAppModule {}
