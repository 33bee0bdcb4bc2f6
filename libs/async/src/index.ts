export * from './async';
export * from './transient';
