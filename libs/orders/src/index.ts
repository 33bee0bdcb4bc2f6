export * from './order';
export * from './order-sweeper';
export * from './orders.module';
export * from './orders.tokens';
