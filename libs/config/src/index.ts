export * from './app-config';
export * from './adapter-provider';
export * from './aws-client-config';
export * from './config.module';
export * from './config.tokens';
export * from './static-services';
export type { Environment } from './config.schema';
