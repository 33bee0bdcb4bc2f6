import type { Product } from '../api/types';
import { grams, money } from '../format';

type Priced = Pick<Product, 'priceCents' | 'currency' | 'unit' | 'soldBy' | 'pricePerKgCents' | 'averageUnitGrams'>;

/** A product's price as a shopper reads it: weighed items as an estimate per unit with their price per kg. */
export function Price({ product }: { readonly product: Priced }) {
  if (product.soldBy === 'per_kg') {
    const perKg = product.pricePerKgCents === undefined ? undefined : `${money(product.pricePerKgCents, product.currency)}/kg`;
    const about = product.averageUnitGrams === undefined ? undefined : `about ${grams(product.averageUnitGrams)} each`;
    return (
      <p class="price">
        approx. {money(product.priceCents, product.currency)}
        <span class="price-note">{[perKg, about].filter(Boolean).join(' · ')}</span>
      </p>
    );
  }
  const per = product.unit === 'kg' ? 'per kg' : product.unit === 'pack' ? 'per pack' : 'each';
  return (
    <p class="price">
      {money(product.priceCents, product.currency)}
      <span class="price-note">{per}</span>
    </p>
  );
}
