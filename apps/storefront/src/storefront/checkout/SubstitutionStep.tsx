import { api } from '../../shared/api/client';
import type { Product } from '../../shared/api/types';
import { money } from '../../shared/format';
import { basket, type BasketLine } from '../../shared/stores/basket';
import { useAsync } from '../../shared/ui/use-async';

/** How many specific products each line offers as a swap. */
const CHOICES = 5;

/** Step 2: for each line, what the picker may do if it is out of stock. */
export function SubstitutionStep({ lines }: { readonly lines: readonly BasketLine[] }) {
  const categories = [...new Set(lines.map((line) => line.product.category))].sort();
  // One listing per aisle in the basket, not one per line.
  const options = useAsync(
    async () => {
      const pages = await Promise.all(categories.map((category) => api.products({ category, limit: 24 })));
      return new Map(categories.map((category, index) => [category, pages[index]!.items]));
    },
    [categories.join(',')],
  );
  const choicesFor = (line: BasketLine): readonly Product[] =>
    options.status === 'ready'
      ? (options.value.get(line.product.category) ?? [])
          .filter((product) => product.id !== line.productId && product.stock > 0)
          .slice(0, CHOICES)
      : [];
  return (
    <section class="card step" aria-labelledby="substitution-heading">
      <h2 id="substitution-heading">2. If something is out of stock</h2>
      <p class="muted">A substitute never costs more than what you ordered.</p>
      {lines.map((line) => (
        <SubstitutionChoice key={line.productId} line={line} choices={choicesFor(line)} />
      ))}
    </section>
  );
}

function SubstitutionChoice({ line, choices }: { readonly line: BasketLine; readonly choices: readonly Product[] }) {
  const id = `substitute-${line.productId}`;
  const specific = line.substitute !== 'similar' && line.substitute !== 'none';
  const chosenMissing = specific && !choices.some((product) => product.id === line.substitute);
  return (
    <div class="checkout-line">
      <div class="field">
        <label for={id}>
          If {line.product.name} (×{line.quantity}) is out of stock
        </label>
        <select id={id} value={line.substitute} onChange={(event) => basket.setSubstitute(line.productId, event.currentTarget.value)}>
          <option value="similar">Swap it for something similar</option>
          <option value="none">Do not swap it: leave it out</option>
          {choices.length > 0 && (
            <optgroup label="Swap it for">
              {choices.map((product) => (
                <option key={product.id} value={product.id}>
                  {product.name} ({money(product.priceCents, product.currency)})
                </option>
              ))}
            </optgroup>
          )}
          {chosenMissing && <option value={line.substitute}>The product you chose</option>}
        </select>
      </div>
    </div>
  );
}
