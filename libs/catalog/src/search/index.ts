export * from './product-search';
export * from './search-errors';
export { MiniSearchProductSearch, type MiniSearchProductSearchOptions } from './minisearch-product-search';
export { toSearchDoc, demoSearchDocs } from './search-docs';
export { evaluateRelevance, type RelevanceReport, type RelevanceSet } from './relevance';
export { SHOP_SYNONYMS, type SynonymData } from './synonyms';
