import { useEffect } from 'preact/hooks';
import type { Product } from '../../shared/api/types';
import { ProductCard } from './ProductCard';

/** Performance mark set when the first product grid of a page load has painted (read by the benchmark). */
export const GRID_VISIBLE_MARK = 'grid-visible';
let gridMarked = false;

interface ProductGridProps {
  readonly products: readonly Product[];
  readonly headingLevel?: 2 | 3;
  /** How many pictures load at once (above the fold); the rest load lazily. */
  readonly eagerImages?: number;
  readonly label: string;
}

export function ProductGrid({ products, headingLevel, eagerImages = 0, label }: ProductGridProps) {
  useEffect(() => {
    if (gridMarked || products.length === 0) return;
    gridMarked = true;
    // After the next frame has painted, not merely after the DOM was updated.
    requestAnimationFrame(() => setTimeout(() => performance.mark(GRID_VISIBLE_MARK), 0));
  }, [products.length]);
  return (
    <ul class="product-grid" aria-label={label}>
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} headingLevel={headingLevel} eagerImage={index < eagerImages} />
        </li>
      ))}
    </ul>
  );
}
