import { DomainError, ErrorCode, invalidField } from '@gomart/contracts';

/** Every error the catalog raises, made here and nowhere else. */
export const CatalogErrors = {
  productNotFound: (id: string) => new DomainError(ErrorCode.PRODUCT_NOT_FOUND, `No product with id ${id}.`, { id }),
  skuTaken: (sku: string, id: string) =>
    new DomainError(ErrorCode.SKU_TAKEN, `A product with SKU ${sku} already exists.`, { sku, id }),
  nothingToChange: () => invalidField('(body)', 'at least one field to change is required'),
  queryWithoutWords: () => invalidField('q', 'q must contain a word of at least 2 letters or digits'),
} as const;
