export * from './app-metrics';
export * from './emf-reporter';
export * from './metrics';
export * from './metrics.module';
export * from './metrics.tokens';
