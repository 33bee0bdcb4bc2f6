export * from './catalog.cache-keys';
export * from './catalog.module';
export * from './catalog.service';
export * from './catalog.tokens';
export * from './categories';
export * from './demo-catalog';
export * from './product';
export * from './product.repository';
