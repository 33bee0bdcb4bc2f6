export * from './ports';
export * from './redis-server';
export * from './service-process';
export * from './test-app';
