import { Module } from '@nestjs/common';
import { DynamoModule } from '@gomart/dynamo';
import { DynamoOrderRepository } from './dynamo-order.repository';
import { OrderTables } from './orders.tables';
import { ORDER_REPOSITORY } from './orders.tokens';

const tables = DynamoModule.forFeature(Object.values(OrderTables));

/** The orders service's tables and its repository, shared by the orders domain and the archive (one instance each). */
@Module({
  imports: [tables],
  providers: [{ provide: ORDER_REPOSITORY, useClass: DynamoOrderRepository }],
  exports: [tables, ORDER_REPOSITORY],
})
export class OrderStoreModule {}
