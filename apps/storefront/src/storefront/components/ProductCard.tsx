import type { Product } from '../../shared/api/types';
import { Link } from '../../shared/router/Link';
import { Price } from '../../shared/ui/Price';
import { ProductImage } from '../../shared/ui/ProductImage';
import { StockBadge } from '../../shared/ui/StockBadge';
import { paths } from '../paths';
import { AddToBasket } from './AddToBasket';

interface ProductCardProps {
  readonly product: Product;
  /** The level under the section's heading: 2 on a page whose h1 is the list, 3 under an h2. */
  readonly headingLevel?: 2 | 3;
  readonly eagerImage?: boolean;
}

/** One product in a grid: picture, brand, name, price, stock, and add to basket. */
export function ProductCard({ product, headingLevel = 2, eagerImage = false }: ProductCardProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const href = paths.product(product.id);
  return (
    <article class="product-card">
      {/* The picture links too, for pointers; keyboard and screen reader users get the one name link. */}
      <Link href={href} tabIndex={-1} aria-hidden="true">
        <ProductImage src={product.imageUrl} category={product.category} alt={product.name} eager={eagerImage} />
      </Link>
      <div class="product-card-body">
        <p class="product-brand">{product.brand}</p>
        <Heading class="product-name">
          <Link href={href}>{product.name}</Link>
        </Heading>
        <div class="product-card-foot">
          <Price product={product} />
          <StockBadge stock={product.stock} />
          <AddToBasket product={product} />
        </div>
      </div>
    </article>
  );
}
