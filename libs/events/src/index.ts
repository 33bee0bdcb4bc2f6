export * from './events.module';
export * from './idempotent-consumer';
export * from './in-process-event-bus';
export * from './order-event-consumers';
export * from './sqs-event-listener';
