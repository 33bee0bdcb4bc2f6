import type { AddressErrors } from './address';
import { checkout, useCheckout, type AddressDraft } from './checkout-store';

interface FieldSpec {
  readonly key: keyof AddressDraft;
  readonly label: string;
  readonly autocomplete: string;
  readonly optional?: boolean;
  readonly inputMode?: 'numeric';
  readonly maxLength: number;
}

const FIELDS: readonly FieldSpec[] = [
  { key: 'name', label: 'Name for the delivery', autocomplete: 'name', optional: true, maxLength: 80 },
  { key: 'line1', label: 'Street address', autocomplete: 'address-line1', maxLength: 120 },
  { key: 'line2', label: 'Apartment, unit or floor', autocomplete: 'address-line2', optional: true, maxLength: 120 },
  { key: 'city', label: 'Suburb', autocomplete: 'address-level2', maxLength: 60 },
  { key: 'postcode', label: 'Postcode', autocomplete: 'postal-code', inputMode: 'numeric', maxLength: 4 },
];

/** Step 3: where to deliver (Australia), each field labelled and its problem said beside it. */
export function AddressFields({ errors }: { readonly errors: AddressErrors }) {
  const { address } = useCheckout();
  return (
    <section class="card step" aria-labelledby="address-heading">
      <h2 id="address-heading">3. Delivery address</h2>
      <div class="field-row">
        {FIELDS.map((field) => {
          const id = `address-${field.key}`;
          const error = errors[field.key];
          return (
            <div class="field" key={field.key}>
              <label for={id}>
                {field.label}
                {field.optional && <span class="muted"> (optional)</span>}
              </label>
              <input
                id={id}
                name={field.key}
                autocomplete={field.autocomplete}
                inputMode={field.inputMode}
                maxLength={field.maxLength}
                value={address[field.key]}
                required={!field.optional}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onInput={(event) => checkout.setAddress({ [field.key]: event.currentTarget.value })}
              />
              {error && (
                <span id={`${id}-error`} class="field-error">
                  {error}
                </span>
              )}
            </div>
          );
        })}
        <div class="field">
          <span class="field-hint">Country: Australia</span>
        </div>
      </div>
    </section>
  );
}
