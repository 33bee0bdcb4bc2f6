/** At or below this many units a product says how many are left. */
export const LOW_STOCK = 5;

export function StockBadge({ stock }: { readonly stock: number }) {
  if (stock <= 0) return <span class="badge badge-out">Out of stock</span>;
  if (stock <= LOW_STOCK) return <span class="badge badge-low">Only {stock} left</span>;
  return null;
}
