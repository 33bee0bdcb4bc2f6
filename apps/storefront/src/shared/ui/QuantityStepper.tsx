interface QuantityStepperProps {
  /** The product's name, so each button says what it changes. */
  readonly name: string;
  readonly quantity: number;
  readonly max: number;
  readonly onChange: (quantity: number) => void;
}

/** − 2 + : the quantity of one product; going below one removes it. */
export function QuantityStepper({ name, quantity, max, onChange }: QuantityStepperProps) {
  return (
    <div class="stepper" role="group" aria-label={`Quantity of ${name}`}>
      <button type="button" aria-label={`Decrease quantity of ${name}`} onClick={() => onChange(quantity - 1)}>
        −
      </button>
      <span class="stepper-count" aria-live="polite">
        {quantity}
        <span class="visually-hidden"> in basket</span>
      </span>
      <button
        type="button"
        aria-label={`Increase quantity of ${name}`}
        disabled={quantity >= max}
        title={quantity >= max ? `At most ${max} of this product per order` : undefined}
        onClick={() => onChange(quantity + 1)}
      >
        +
      </button>
    </div>
  );
}
