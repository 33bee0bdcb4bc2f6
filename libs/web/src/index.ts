export * from './storefront.plugin';
