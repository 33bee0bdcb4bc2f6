export const PRODUCT_REPOSITORY = Symbol('PRODUCT_REPOSITORY');
export const STOCK_LEDGER = Symbol('STOCK_LEDGER');
export const PRODUCT_SEARCH = Symbol('PRODUCT_SEARCH');
