import type { ComponentChildren } from 'preact';
import { money } from '../../shared/format';
import { WEIGHED_BUFFER_PERCENT, type BasketTotals } from '../../shared/stores/basket';
import { holdIsLive, useCheckout } from '../checkout/checkout-store';

interface BasketSummaryProps {
  readonly totals: BasketTotals;
  /** The delivery fee once a slot is chosen (checkout), else the held slot's, else "chosen at checkout". */
  readonly feeCents?: number;
  readonly children?: ComponentChildren;
}

/** Subtotal, delivery fee and estimated total, with the note on weighed items. */
export function BasketSummary({ totals, feeCents, children }: BasketSummaryProps) {
  const { hold } = useCheckout();
  const fee = feeCents ?? (holdIsLive(hold) ? hold.slot.feeCents : undefined);
  const total = totals.subtotalCents + (fee ?? 0);
  return (
    <aside class="card summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl>
        <dt>Products</dt>
        <dd>{money(totals.subtotalCents, totals.currency)}</dd>
        <dt>Delivery</dt>
        <dd>{fee === undefined ? 'At checkout' : fee === 0 ? 'Free' : money(fee, totals.currency)}</dd>
        <dt class="total">Estimated total</dt>
        <dd class="total" data-testid="estimated-total">
          {money(total, totals.currency)}
        </dd>
      </dl>
      {totals.hasWeighed && (
        <p class="note">
          Weighed items are estimates: you pay what they actually weigh, and we authorise up to {WEIGHED_BUFFER_PERCENT}% more
          for them until they are picked.
        </p>
      )}
      {children}
    </aside>
  );
}
