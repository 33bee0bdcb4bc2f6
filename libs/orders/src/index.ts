export * from './order';
export * from './order-lifecycle';
export * from './order-sweeper';
export * from './orders.module';
export * from './orders.tables';
export * from './orders.tokens';
export * from './order.repository';
export * from './placement-attempt';
