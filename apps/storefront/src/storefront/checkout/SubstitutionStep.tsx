import { api } from '../../shared/api/client';
import type { Product } from '../../shared/api/types';
import { money } from '../../shared/format';
import { basket, type BasketLine } from '../../shared/stores/basket';
import { useAsync } from '../../shared/ui/use-async';

/** How many specific products each line offers as a swap. */
const CHOICES = 5;

/** The words that name a product's line, without sizes ("1L", "12 pack"): "Lite Full Cream Milk". */
export function lineWords(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => !/\d/.test(word) && !/^(pack|value)$/i.test(word))
    .slice(0, 4)
    .join(' ');
}

const usable = (line: BasketLine) => (product: Product) => product.id !== line.productId && product.stock > 0;

/**
 * Swaps to offer for each line: the same line from other brands and sizes (the API's search),
 * topped up from the product's aisle when the search finds too few.
 */
async function loadChoices(lines: readonly BasketLine[]): Promise<Map<string, readonly Product[]>> {
  const searched = await Promise.all(
    lines.map((line) =>
      api.products({ q: lineWords(line.product.name), limit: 12 }).then(
        (page) => page.items.filter(usable(line)),
        () => [] as Product[],
      ),
    ),
  );
  const short = [...new Set(lines.filter((_, index) => searched[index]!.length < CHOICES).map((line) => line.product.category))];
  const aisles = new Map(
    await Promise.all(
      short.map(async (category) => [category, await api.products({ category, limit: 24 }).then((page) => page.items, () => [])] as const),
    ),
  );
  return new Map(
    lines.map((line, index) => {
      const fromSearch = searched[index]!;
      const fromAisle = (aisles.get(line.product.category) ?? []).filter(usable(line)).filter((product) => !fromSearch.some((seen) => seen.id === product.id));
      return [line.productId, [...fromSearch, ...fromAisle].slice(0, CHOICES)];
    }),
  );
}

/** Step 2: for each line, what the picker may do if it is out of stock. */
export function SubstitutionStep({ lines }: { readonly lines: readonly BasketLine[] }) {
  const ids = lines.map((line) => line.productId).join(',');
  // Once per set of products in the basket, not per quantity change.
  const choices = useAsync(() => loadChoices(lines), [ids]);
  return (
    <section class="card step" aria-labelledby="substitution-heading">
      <h2 id="substitution-heading">2. If something is out of stock</h2>
      <p class="muted">A substitute never costs more than what you ordered.</p>
      {lines.map((line) => (
        <SubstitutionChoice
          key={line.productId}
          line={line}
          choices={choices.status === 'ready' ? (choices.value.get(line.productId) ?? []) : []}
        />
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
          If {line.product.name} ({line.product.brand}, ×{line.quantity}) is out of stock
        </label>
        <select id={id} value={line.substitute} onChange={(event) => basket.setSubstitute(line.productId, event.currentTarget.value)}>
          <option value="similar">Swap it for something similar</option>
          <option value="none">Do not swap it: leave it out</option>
          {choices.length > 0 && (
            <optgroup label="Swap it for">
              {choices.map((product) => (
                <option key={product.id} value={product.id}>
                  {product.brand} {product.name} ({money(product.priceCents, product.currency)})
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
