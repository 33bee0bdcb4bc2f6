import { Module } from '@nestjs/common';
import { AuthModule } from '@gomart/auth';
import { CacheModule } from '@gomart/cache';
import { CatalogModule } from '@gomart/catalog';
import { ConfigModule } from '@gomart/config';
import { DiscoveryModule } from '@gomart/discovery';
import { DynamoModule } from '@gomart/dynamo';
import { HealthModule } from '@gomart/health';

/** The catalog service: public catalog routes over HTTP, the CatalogPort over TCP. */
@Module({
  imports: [
    ConfigModule,
    HealthModule,
    DynamoModule,
    CacheModule,
    AuthModule,
    DiscoveryModule.register({ service: 'catalog' }),
    CatalogModule,
  ],
})
export class CatalogAppModule {}
