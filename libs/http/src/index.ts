export * from './calendar-day';
export * from './error-response';
export * from './error.filter';
export * from './http-app';
export * from './logger';
export * from './page-query';
export * from './validation';
export * from './csv';
