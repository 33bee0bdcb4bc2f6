import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { OrderArchiveController } from './archive/order-archive.controller';
import { OrderArchiveModule } from './archive/order-archive.module';
import { OrderBoardQuery } from './order-board';
import { OrderFaults } from './order-faults';
import { OrderFollowUp } from './order-follow-up';
import { OrderPicking } from './order-picking.service';
import { OrderPlacing } from './order-placing.service';
import { OrderPricing } from './order-pricing';
import { OrderQueries } from './order-queries.service';
import { OrderStoreModule } from './order-store.module';
import { OrderSweeper } from './order-sweeper';
import { OrderTransitions } from './order-transitions.service';
import { OrdersController } from './orders.controller';
import { OutboxRelay } from './outbox-relay';
import { PlacementAttempt } from './placement-attempt';

type ModuleRef = Type<unknown> | DynamicModule;

export interface OrdersPorts {
  /** A module exporting CATALOG_PORT: the catalog in-process (monolith) or over TCP (split). */
  readonly catalog: ModuleRef;
  /** A module exporting EVENT_BUS: in-process delivery, TCP to the consumers, or SNS. */
  readonly events: ModuleRef;
  /** A module exporting FULFILMENT_PORT and SLOT_CAPACITY_PORT: delivery slots (in-process in both shapes). */
  readonly fulfilment: ModuleRef;
}

/**
 * The orders domain: placing, picking, queries, transitions, the sweeper. Its ports are bound
 * by the app that composes it (`OrdersModule.register({ catalog, events, fulfilment })`); this
 * module does not know which shape it runs in.
 */
@Module({})
export class OrdersModule {
  static register(ports: OrdersPorts): DynamicModule {
    return {
      module: OrdersModule,
      imports: [OrderStoreModule, OrderArchiveModule, ports.catalog, ports.events, ports.fulfilment],
      providers: [
        OrderPlacing,
        OrderPicking,
        OrderBoardQuery,
        OrderPricing,
        OrderQueries,
        OrderTransitions,
        PlacementAttempt,
        OrderFollowUp,
        OrderSweeper,
        OutboxRelay,
        OrderFaults,
      ],
      exports: [OrderPlacing, OrderPicking, OrderQueries, OrderTransitions, OrderSweeper, OrderBoardQuery, OrderArchiveModule],
    };
  }
}

/** The orders' public HTTP routes (`/orders/*`) over a registered OrdersModule. */
@Module({})
export class OrdersHttpModule {
  static over(orders: DynamicModule): DynamicModule {
    return { module: OrdersHttpModule, imports: [orders], controllers: [OrdersController, OrderArchiveController] };
  }
}
