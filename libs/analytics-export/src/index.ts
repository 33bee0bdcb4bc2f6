export * from './analytics-export.module';
export * from './order-facts.recorder';
