export * from './catalog-port';
export * from './errors';
export * from './fulfilment-port';
export * from './money';
export * from './order-events';
export * from './services';
