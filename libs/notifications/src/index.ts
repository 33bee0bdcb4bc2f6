export * from './mail';
export * from './notifications.module';
export * from './order-notifier';
export * from './notifications.tables';
