export * from './remote-catalog.adapter';
export * from './rpc-context.interceptor';
export * from './rpc-error.filter';
export * from './run-service';
export * from './service-clients';
export * from './sns-event-bus';
export * from './tcp-event-bus';
export * from './transport.module';
