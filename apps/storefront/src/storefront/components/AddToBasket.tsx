import { useEffect, useRef } from 'preact/hooks';
import type { Product } from '../../shared/api/types';
import { productLabel } from '../../shared/format';
import { basket, maxQuantityOf, useBasketQuantity } from '../../shared/stores/basket';
import { QuantityStepper } from '../../shared/ui/QuantityStepper';

interface AddToBasketProps {
  readonly product: Product;
  readonly block?: boolean;
}

/** "Add", then a quantity stepper once the product is in the basket; disabled when out of stock. */
export function AddToBasket({ product, block = true }: AddToBasketProps) {
  const quantity = useBasketQuantity(product.id);
  const box = useRef<HTMLDivElement>(null);
  // The button a click replaced keeps the keyboard focus in the same place.
  const refocus = useRef<'stepper' | 'add' | undefined>(undefined);
  useEffect(() => {
    const target = refocus.current;
    refocus.current = undefined;
    if (target === 'stepper') box.current?.querySelector<HTMLButtonElement>('button[aria-label^="Increase"]')?.focus();
    if (target === 'add') box.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [quantity > 0]);

  const max = maxQuantityOf(product);
  if (max <= 0 && quantity === 0) {
    return (
      <div ref={box}>
        <button type="button" class={`button ${block ? 'button-block' : ''}`} disabled aria-label={`Out of stock: ${productLabel(product)}`}>
          Out of stock
        </button>
      </div>
    );
  }
  if (quantity === 0) {
    return (
      <div ref={box}>
        <button
          type="button"
          class={`button ${block ? 'button-block' : ''}`}
          onClick={() => {
            refocus.current = 'stepper';
            basket.add(product);
          }}
        >
          Add<span class="visually-hidden"> {productLabel(product)} to basket</span>
        </button>
      </div>
    );
  }
  return (
    <div ref={box}>
      <QuantityStepper
        name={productLabel(product)}
        quantity={quantity}
        max={Math.max(max, quantity)}
        onChange={(next) => {
          if (next <= 0) refocus.current = 'add';
          basket.setQuantity(product.id, next);
        }}
      />
    </div>
  );
}
