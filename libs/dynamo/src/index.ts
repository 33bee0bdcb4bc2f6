export * from './batch';
export * from './dynamo-client';
export * from './dynamo-connection';
export * from './dynamo.module';
export * from './embedded-dynamo';
export * from './page-cursor';
export * from './table-bootstrap';
export * from './tables';
