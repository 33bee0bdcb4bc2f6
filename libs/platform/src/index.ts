export * from './platform.module';
export * from './tool-context';
