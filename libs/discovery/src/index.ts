export * from './cloud-map-discovery';
export * from './cloud-map-registration';
export * from './discovery';
export * from './discovery.module';
export * from './static-discovery';
