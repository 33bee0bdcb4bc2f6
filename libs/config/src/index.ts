export * from './app-config';
export * from './aws-client-config';
export * from './config.module';
export * from './config.tokens';
export type { Environment } from './config.schema';
