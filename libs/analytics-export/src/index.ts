export * from './analytics-export.module';
export * from './analytics.tables';
export * from './export-sink';
export * from './order-fact';
export * from './order-fact.repository';
export * from './sales-exporter';
