import { money, productLabel } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { basket, maxQuantityOf, type BasketLine } from '../../shared/stores/basket';
import { Price } from '../../shared/ui/Price';
import { ProductImage } from '../../shared/ui/ProductImage';
import { QuantityStepper } from '../../shared/ui/QuantityStepper';
import { StockBadge } from '../../shared/ui/StockBadge';
import { paths } from '../paths';

/** One line of the basket: picture, name, unit price, quantity, line total, remove. */
export function BasketLineRow({ line }: { readonly line: BasketLine }) {
  const { product } = line;
  const lineTotal = product.priceCents * line.quantity;
  return (
    <li class="basket-line">
      <ProductImage src={product.imageUrl} category={product.category} alt={product.name} width={96} height={72} />
      <div class="basket-line-info">
        <p class="product-brand">{product.brand}</p>
        <p class="product-name">
          <Link href={paths.product(product.id)}>{product.name}</Link>
        </p>
        <Price product={product} />
        <StockBadge stock={product.stock} />
        {product.stock > 0 && product.stock < line.quantity && (
          <p class="field-error">Only {product.stock} available: lower the quantity to check out.</p>
        )}
      </div>
      <div class="basket-line-controls">
        <QuantityStepper
          name={productLabel(product)}
          quantity={line.quantity}
          max={Math.max(maxQuantityOf(product), line.quantity)}
          onChange={(quantity) => basket.setQuantity(product.id, quantity)}
        />
        <span class="line-total">
          <span class="visually-hidden">Line total: </span>
          {product.soldBy === 'per_kg' ? 'approx. ' : ''}
          {money(lineTotal, product.currency)}
        </span>
        <button type="button" class="button button-quiet button-small" onClick={() => basket.remove(product.id)}>
          Remove<span class="visually-hidden"> {productLabel(product)}</span>
        </button>
      </div>
    </li>
  );
}
