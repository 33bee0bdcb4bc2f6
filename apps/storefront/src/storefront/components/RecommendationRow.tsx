import { useEffect, useId, useState } from 'preact/hooks';
import type { Product } from '../../shared/api/types';
import { ProductGrid } from './ProductGrid';

interface RecommendationRowProps {
  readonly title: string;
  /** Loads the suggestions; a failure (or a server without recommendations yet) hides the row. */
  readonly load: () => Promise<{ readonly items: readonly Product[] }>;
  readonly deps: readonly unknown[];
}

/** "Often bought with" and "Buy it again": a row of products that only shows when there is something to suggest. */
export function RecommendationRow({ title, load, deps }: RecommendationRowProps) {
  const [items, setItems] = useState<readonly Product[]>([]);
  const headingId = useId();
  useEffect(() => {
    let live = true;
    setItems([]);
    load().then(
      (answer) => live && setItems(answer.items.filter((product) => product.stock > 0).slice(0, 8)),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, deps);
  if (items.length === 0) return null;
  return (
    <section class="section recommendations" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <ProductGrid products={items} label={title} headingLevel={3} />
    </section>
  );
}
