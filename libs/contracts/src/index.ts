export * from './catalog-port';
export * from './errors';
export * from './order-events';
export * from './services';
