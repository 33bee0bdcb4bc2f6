import { Module } from '@nestjs/common';
import { DynamoModule, Tables } from '@gomart/dynamo';
import { DynamoOrderRepository } from './dynamo-order.repository';
import { OrderFaults } from './order-faults';
import { OrderPlacement } from './order-placement';
import { OrderSweeper } from './order-sweeper';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { ORDER_REPOSITORY } from './orders.tokens';
import { OutboxRelay } from './outbox-relay';

/**
 * The orders domain. Needs a CATALOG_PORT and an EVENT_BUS from the application: in-process
 * in the monolith, remote adapters in split mode; this module does not know which.
 */
@Module({
  imports: [DynamoModule.forFeature([Tables.orders])],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    OrderPlacement,
    OrderSweeper,
    OutboxRelay,
    OrderFaults,
    { provide: ORDER_REPOSITORY, useClass: DynamoOrderRepository },
  ],
  exports: [OrderSweeper],
})
export class OrdersModule {}
