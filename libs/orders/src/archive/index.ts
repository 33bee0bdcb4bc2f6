export * from './archive-index';
export * from './archive-record';
export * from './archive-store';
export * from './order-archive.module';
export * from './order-archive.service';
export * from './order-archiver';
