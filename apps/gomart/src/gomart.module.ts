import { Module } from '@nestjs/common';
import { AuthModule } from '@gomart/auth';
import { CacheModule } from '@gomart/cache';
import { CatalogModule } from '@gomart/catalog';
import { ConfigModule } from '@gomart/config';
import { DynamoModule } from '@gomart/dynamo';
import { HealthModule } from '@gomart/health';

/** The monolith: every domain module in one process, on embedded defaults. */
@Module({
  imports: [ConfigModule, HealthModule, DynamoModule, CacheModule, AuthModule, CatalogModule],
})
export class GomartModule {}
