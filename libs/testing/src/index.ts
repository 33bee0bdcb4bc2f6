export * from './ports';
export * from './redis-server';
export * from './test-app';
