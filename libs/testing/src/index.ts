export * from './moto-server';
export * from './pausable-proxy';
export * from './ports';
export * from './redis-server';
export * from './service-process';
export * from './stock';
export * from './test-app';
export * from './tables';
