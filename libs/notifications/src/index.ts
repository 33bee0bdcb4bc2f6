export * from './mail';
export * from './notifications.module';
export * from './order-notifier';
