/** Every catalog cache key and tag, built here and nowhere else. */
export const CatalogCacheKeys = {
  /** All listing pages: any product write may change any page. */
  listingsTag: 'catalog:listings',

  product: (id: string): string => `catalog:product:${id}`,

  /** The product a `product` key is for, or undefined for any other key. */
  productIdOf: (key: string): string | undefined => (key.startsWith('catalog:product:') ? key.slice('catalog:product:'.length) : undefined),

  /**
   * One listing page, keyed by its query string with parameters in a stable order. Only the
   * parameters a listing reads count (`known`), so tracking parameters (`utm_source`...) do
   * not split one page into many entries.
   */
  listing: (query: unknown, known?: readonly string[]): string => {
    const entries = Object.entries((query ?? {}) as Record<string, unknown>)
      .filter(([name]) => !known || known.includes(name))
      .flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, String(item)]),
      )
      .sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
    return `catalog:products?${new URLSearchParams(entries).toString()}`;
  },

  categories: (): string => 'catalog:categories',
} as const;
