import { useEffect, useState } from 'preact/hooks';
import type { Product } from '../../shared/api/types';
import { money, productLabel } from '../../shared/format';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { useAsync } from '../../shared/ui/use-async';
import { adminApi } from '../api';
import type { PickBody, StaffOrderLine } from '../types';

interface SubstituteChooserProps {
  readonly line: StaffOrderLine;
  /** The customer's chosen substitute, when they named one (preselected). */
  readonly preferred?: Product;
  readonly busy: boolean;
  readonly onRecord: (body: PickBody) => void;
  readonly onCancel: () => void;
}

/** Searches the catalog as the picker types, after a short pause. */
function useProductSearch(text: string) {
  const [query, setQuery] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  return useAsync((signal) => (query.length >= 2 ? adminApi.searchProducts(query, signal).then((page) => page.items) : Promise.resolve([])), [query]);
}

/** Choose what goes in the bag instead: the customer's choice first, or any product found by search. */
export function SubstituteChooser({ line, preferred, busy, onRecord, onCancel }: SubstituteChooserProps) {
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Product | undefined>(preferred);
  const [weight, setWeight] = useState('');
  const results = useProductSearch(text);
  const name = `substitute-${line.productId}`;
  const weighed = chosen?.soldBy === 'per_kg';

  useEffect(() => {
    if (chosen?.soldBy === 'per_kg') setWeight(String((chosen.averageUnitGrams ?? 100) * line.quantity));
  }, [chosen?.id]);

  const found = results.status === 'ready' ? results.value.filter((product) => product.id !== line.productId && product.id !== preferred?.id) : [];
  const options = [...(preferred ? [preferred] : []), ...(chosen && chosen.id !== preferred?.id && !found.some((product) => product.id === chosen.id) ? [chosen] : []), ...found];
  const grams = Number(weight);
  const ready = chosen !== undefined && (!weighed || (Number.isInteger(grams) && grams > 0));

  return (
    <fieldset class="substitute-chooser">
      <legend>Substitute for {line.name}</legend>
      <div class="field">
        <label for={`${name}-search`}>Search the catalog</label>
        <input
          id={`${name}-search`}
          type="search"
          value={text}
          placeholder="e.g. milk 2L"
          autocomplete="off"
          onInput={(event) => setText(event.currentTarget.value)}
        />
      </div>
      {results.status === 'loading' && text.trim().length >= 2 && <SkeletonLines lines={2} label="Searching" />}
      {results.status === 'error' && <ErrorMessage error={results.error} title="The search did not work" retry={results.reload} />}
      {options.length > 0 ? (
        <ul class="substitute-options" aria-label="Substitutes">
          {options.map((product) => (
            <li key={product.id}>
              <label class="check">
                <input type="radio" name={name} checked={chosen?.id === product.id} onChange={() => setChosen(product)} />
                <span>
                  {productLabel(product)}
                  {product.id === preferred?.id && <strong class="badge badge-choice">Customer's choice</strong>}
                  <span class="substitute-meta">
                    {product.soldBy === 'per_kg' && product.pricePerKgCents !== undefined
                      ? `${money(product.pricePerKgCents, product.currency)}/kg`
                      : money(product.priceCents, product.currency)}{' '}
                    · {product.stock} in stock
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        results.status === 'ready' && text.trim().length >= 2 && <p class="muted">No products in stock match “{text.trim()}”.</p>
      )}
      {weighed && (
        <div class="field">
          <label for={`${name}-grams`}>Weight of the substitute (g)</label>
          <input id={`${name}-grams`} type="number" inputMode="numeric" min={1} step={1} value={weight} onInput={(event) => setWeight(event.currentTarget.value)} />
        </div>
      )}
      <p class="field-hint">The customer is never charged more than this line's estimate for a substitute.</p>
      <div class="actions">
        <button
          type="button"
          class="button button-small"
          disabled={!ready || busy}
          onClick={() => chosen && onRecord({ result: 'substituted', substituteProductId: chosen.id, ...(weighed ? { grams } : {}) })}
        >
          {busy ? 'Recording…' : 'Record substitute'}
        </button>
        <button type="button" class="button button-secondary button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
