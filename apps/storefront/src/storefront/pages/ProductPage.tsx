import { api } from '../../shared/api/client';
import type { Product } from '../../shared/api/types';
import { grams } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { WEIGHED_BUFFER_PERCENT } from '../../shared/stores/basket';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Price } from '../../shared/ui/Price';
import { ProductImage } from '../../shared/ui/ProductImage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { LOW_STOCK, StockBadge } from '../../shared/ui/StockBadge';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { AddToBasket } from '../components/AddToBasket';
import { RecommendationRow } from '../components/RecommendationRow';
import { paths } from '../paths';

/** One product: its picture, price (per kg for weighed items), stock, and what goes with it. */
export function ProductPage({ productId }: { readonly productId: string }) {
  const product = useAsync(() => api.product(productId), [productId]);
  const aisles = useAsync(() => api.categories(), []);
  usePageTitle(product.status === 'ready' ? product.value.name : undefined);

  if (product.status === 'loading') return <SkeletonLines lines={5} label="Loading the product" />;
  if (product.status === 'error') return <ErrorMessage error={product.error} retry={product.reload} />;
  const item = product.value;
  const aisle = aisles.status === 'ready' ? aisles.value.find((candidate) => candidate.id === item.category) : undefined;
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href={paths.home}>Home</Link>
          </li>
          <li>
            <Link href={paths.aisle(item.category)}>{aisle?.name ?? 'Aisle'}</Link>
          </li>
          <li aria-current="page">{item.name}</li>
        </ol>
      </nav>
      <div class="product-detail section">
        <ProductImage src={item.imageUrl} category={item.category} alt={item.name} eager width={640} height={480} />
        <div class="product-facts">
          <p class="product-brand">{item.brand}</p>
          <h1>{item.name}</h1>
          <Price product={item} />
          <StockLine product={item} />
          <div class="add-row">
            <AddToBasket product={item} block={false} />
          </div>
          {item.soldBy === 'per_kg' && (
            <p class="note">
              Sold by weight: you order whole items
              {item.averageUnitGrams === undefined ? '' : ` of about ${grams(item.averageUnitGrams)}`}, and pay for what they
              actually weigh. We hold up to {WEIGHED_BUFFER_PERCENT}% more than the estimate on your card until they are weighed.
            </p>
          )}
          <p class="note">SKU {item.sku}</p>
        </div>
      </div>
      <RecommendationRow
        title="Often bought with"
        load={() => api.recommendations(item.id, [], 8)}
        deps={[item.id]}
      />
    </>
  );
}

function StockLine({ product }: { readonly product: Product }) {
  if (product.stock <= 0) return <StockBadge stock={0} />;
  if (product.stock <= LOW_STOCK) return <StockBadge stock={product.stock} />;
  return <p class="muted">In stock</p>;
}
