/** Every recommendations cache key and tag, built here and nowhere else. */
export const RecommendationsCacheKeys = {
  /** "Often bought with" a product, for one exclusion set and limit (ids sorted: one entry per basket). */
  product: (productId: string, query: unknown): string => `recommendations:product:${productId}?${parameters(query)}`,

  /** A customer's own list: their id is in the key, so one customer's answer never serves another. */
  customer: (customerId: string, query: unknown): string => `recommendations:customer:${customerId}?${parameters(query)}`,
} as const;

function parameters(query: unknown): string {
  const { exclude, limit } = (query ?? {}) as Record<string, unknown>;
  const excluded = (Array.isArray(exclude) ? exclude : [exclude])
    .flatMap((part) => (typeof part === 'string' ? part.split(',') : []))
    .map((part) => part.trim())
    .filter(Boolean);
  return new URLSearchParams({ exclude: [...new Set(excluded)].sort().join(','), limit: typeof limit === 'string' ? limit : '' }).toString();
}
