import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { PlaceOrderBody } from '../../shared/api/types';
import { Link } from '../../shared/router/Link';
import { navigate } from '../../shared/router/router';
import { basket, totalsOf, useBasket, type Basket } from '../../shared/stores/basket';
import { useSession } from '../../shared/stores/session';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { usePageTitle } from '../../shared/ui/use-async';
import { AddressFields } from '../checkout/AddressFields';
import { toDeliveryAddress, validateAddress, type AddressErrors } from '../checkout/address';
import { checkout, holdIsLive, useCheckout, type CheckoutState } from '../checkout/checkout-store';
import { OutOfStockNotice } from '../checkout/OutOfStockNotice';
import { placeOrder, type PlaceOutcome } from '../checkout/place-order';
import { SlotStep } from '../checkout/SlotStep';
import { SubstitutionStep } from '../checkout/SubstitutionStep';
import { BasketSummary } from '../components/BasketSummary';
import { paths } from '../paths';

const HOLD_EXPIRED = 'Your slot hold expired before the order went through. Please choose a delivery slot again.';
const CHOOSE_SLOT = 'Choose a delivery slot before placing the order.';

function orderBody(current: Basket, state: CheckoutState): PlaceOrderBody {
  return {
    lines: current.lines.map((line) => ({ productId: line.productId, quantity: line.quantity, substitute: line.substitute })),
    ...(state.hold ? { slotHoldId: state.hold.id } : {}),
    deliveryAddress: toDeliveryAddress(state.address),
  };
}

/** Moves focus (and the screen reader) to what needs attention, once it is on the page. */
function focusSoon(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** Checkout: slot, substitutions, address, then one order however often "Place order" is pressed. */
export function CheckoutPage() {
  usePageTitle('Checkout');
  const signedIn = useSession();
  const current = useBasket();
  const state = useCheckout();
  const [slotNotice, setSlotNotice] = useState<string | undefined>();
  // Problems show once the customer tried to place the order, and clear as they are fixed.
  const [checked, setChecked] = useState(false);
  const [outcome, setOutcome] = useState<Exclude<PlaceOutcome, { kind: 'placed' }> | undefined>();
  const [sending, setSending] = useState(false);

  if (!signedIn) {
    return (
      <div class="card narrow">
        <h1>Checkout</h1>
        <p>Sign in to choose a delivery slot and place your order. Your basket stays as it is.</p>
        <Link class="button" href={paths.signIn(paths.checkout)}>
          Sign in to check out
        </Link>
      </div>
    );
  }
  if (current.lines.length === 0) {
    return (
      <div class="card narrow">
        <h1>Checkout</h1>
        <p>Your basket is empty.</p>
        <Link href={paths.home}>Browse the aisles</Link>
      </div>
    );
  }

  const submit = async (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sending) return;
    const problems = validateAddress(state.address);
    setChecked(true);
    if (!holdIsLive(state.hold)) {
      setSlotNotice(CHOOSE_SLOT);
      focusSoon('slot-heading');
      return;
    }
    if (Object.keys(problems).length > 0) {
      focusSoon('address-problems');
      return;
    }
    setSending(true);
    setOutcome(undefined);
    const result = await placeOrder(orderBody(basket.store.get(), checkout.get()));
    setSending(false);
    if (result.kind === 'placed') {
      basket.clear();
      checkout.finish();
      navigate(paths.confirmation(result.order.id));
      return;
    }
    if (result.kind === 'hold-expired') {
      checkout.update({ hold: null });
      setSlotNotice(HOLD_EXPIRED);
      focusSoon('slot-heading');
      return;
    }
    setOutcome(result);
    focusSoon('place-order-problem');
  };

  const errors: AddressErrors = checked ? validateAddress(state.address) : {};
  const problemCount = Object.keys(errors).length;
  const totals = totalsOf(current);
  return (
    <>
      <h1>Checkout</h1>
      <div class="checkout-layout">
        <div>
          <SlotStep notice={slotNotice} setNotice={setSlotNotice} />
          <form id="checkout-form" onSubmit={(event) => void submit(event)} noValidate>
            <SubstitutionStep lines={current.lines} />
            {problemCount > 0 && (
              <div class="alert alert-error" id="address-problems" tabIndex={-1} role="alert">
                <p>
                  <strong>Please check the delivery address:</strong> {problemCount === 1 ? 'one field needs' : `${problemCount} fields need`}{' '}
                  your attention.
                </p>
              </div>
            )}
            <AddressFields errors={errors} />
          </form>
        </div>
        <BasketSummary totals={totals} feeCents={holdIsLive(state.hold) ? state.hold.slot.feeCents : undefined}>
          <div id="place-order-problem" tabIndex={-1}>
            {outcome?.kind === 'out-of-stock' && (
              <OutOfStockNotice short={outcome.lines} lines={current.lines} onResolved={() => setOutcome(undefined)} />
            )}
            {outcome?.kind === 'signed-out' && (
              <div class="alert alert-error" role="alert">
                <p>
                  Your session ended. <Link href={paths.signIn(paths.checkout)}>Sign in again</Link> to place the order; your
                  basket is kept.
                </p>
              </div>
            )}
            {outcome?.kind === 'failed' && outcome.undecided && (
              <div class="alert alert-error" role="alert">
                <p>
                  <strong>We could not confirm your order.</strong> Go Mart is busy or unreachable. Your basket is kept: press
                  "Place order" again — you will not be charged twice.
                </p>
              </div>
            )}
            {outcome?.kind === 'failed' && !outcome.undecided && (
              <ErrorMessage error={outcome.error} title="Your order was not placed" />
            )}
          </div>
          <button type="submit" form="checkout-form" class="button button-block" disabled={sending}>
            {sending ? 'Placing your order…' : 'Place order'}
          </button>
          <p class="note">You can cancel the order until we start picking it.</p>
        </BasketSummary>
      </div>
    </>
  );
}
