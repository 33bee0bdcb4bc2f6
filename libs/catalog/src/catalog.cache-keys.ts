/** Every catalog cache key and tag, built here and nowhere else. */
export const CatalogCacheKeys = {
  /** All listing pages: any product write may change any page. */
  listingsTag: 'catalog:listings',

  product: (id: string): string => `catalog:product:${id}`,

  /** One listing page, keyed by its query string with parameters in a stable order. */
  listing: (query: unknown): string => {
    const entries = Object.entries((query ?? {}) as Record<string, unknown>)
      .flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, String(item)]),
      )
      .sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
    return `catalog:products?${new URLSearchParams(entries).toString()}`;
  },

  categories: (): string => 'catalog:categories',
} as const;
