export * from './cache-entry';
export * from './cache.module';
export * from './cache.tokens';
export * from './read-through-cache';
export * from './read-through.decorator';
export * from './read-through.interceptor';
export * from './cache-options';
export * from './http-caching';
