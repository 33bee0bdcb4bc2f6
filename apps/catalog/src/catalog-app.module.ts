import { Module } from '@nestjs/common';
import { AuthHttpModule } from '@gomart/auth';
import { CatalogHttpModule, CatalogModule, CatalogRpcModule } from '@gomart/catalog';
import { SqsEventsListenerModule, TcpEventsListenerModule } from '@gomart/events';
import { PlatformModule } from '@gomart/platform';
import { RecommendationsHttpModule, RecommendationsModule } from '@gomart/recommendations';

/**
 * The catalog service: public catalog routes over HTTP, the CatalogPort over TCP, and the
 * recommendations, whose counters it keeps from the order events it receives (TCP locally,
 * SQS in AWS) and whose stock it checks in-process.
 */
@Module({
  imports: [
    PlatformModule.with({ cache: true, auth: true, discovery: true }),
    AuthHttpModule,
    CatalogHttpModule,
    CatalogRpcModule,
    RecommendationsModule,
    RecommendationsHttpModule.register({ catalog: CatalogModule }),
    TcpEventsListenerModule,
    SqsEventsListenerModule,
  ],
})
export class CatalogAppModule {}
