import { DomainError, ErrorCode, invalidField, serviceUnavailable, validationFailed, type FieldProblem } from '@gomart/contracts';

/** Every error the catalog raises, made here and nowhere else. */
export const CatalogErrors = {
  productNotFound: (id: string) => new DomainError(ErrorCode.PRODUCT_NOT_FOUND, `No product with id ${id}.`, { id }),
  skuTaken: (sku: string, id: string) =>
    new DomainError(ErrorCode.SKU_TAKEN, `A product with SKU ${sku} already exists.`, { sku, id }),
  nothingToChange: () => invalidField('(body)', 'at least one field to change is required'),
  /** How a product is priced does not fit how it is sold (a per-kg price for an item sold each...). */
  inconsistentPricing: (problems: readonly FieldProblem[]) => validationFailed(problems),
  /** Listings and search are served by the index, which each instance builds at start. */
  warmingUp: () => serviceUnavailable('The catalog is still loading its search index; retry in a moment.', undefined, 2),
} as const;
