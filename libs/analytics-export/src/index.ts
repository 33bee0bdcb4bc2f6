export * from './analytics-export.module';
export * from './order-facts';
export * from './sales-exporter';
