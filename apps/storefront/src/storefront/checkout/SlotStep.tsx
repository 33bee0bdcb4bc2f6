import type { TargetedEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../shared/api/client';
import type { Slot, SlotList } from '../../shared/api/types';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { checkout, holdIsLive, useCheckout } from './checkout-store';
import { HoldBanner } from './HoldBanner';
import { SlotPicker } from './SlotPicker';

const POSTCODE = /^\d{4}$/;

type SlotsState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly list: SlotList }
  | { readonly status: 'error'; readonly error: unknown };

interface SlotStepProps {
  /** Why the customer is asked (again) to choose, e.g. a hold that expired. */
  readonly notice?: string;
  readonly setNotice: (notice: string | undefined) => void;
}

function slotsProblem(error: unknown, postcode: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'POSTCODE_NOT_SERVED') return `We do not deliver to ${postcode} yet.`;
  if (error.code === 'VALIDATION_FAILED') return 'Enter a 4-digit postcode.';
  return undefined;
}

/** Step 1: postcode → slots → a hold with its countdown. */
export function SlotStep({ notice, setNotice }: SlotStepProps) {
  const { hold, postcode } = useCheckout();
  const [draft, setDraft] = useState(postcode);
  const [problem, setProblem] = useState<string | undefined>();
  const [slots, setSlots] = useState<SlotsState>({ status: 'idle' });
  const [picking, setPicking] = useState<string | undefined>();
  const [holdFailure, setHoldFailure] = useState<unknown>(undefined);
  const live = holdIsLive(hold);

  const find = async (code: string) => {
    setSlots({ status: 'loading' });
    try {
      setSlots({ status: 'ready', list: await api.slots(code) });
    } catch (error) {
      const text = slotsProblem(error, code);
      if (text) {
        setProblem(text);
        setSlots({ status: 'idle' });
      } else {
        setSlots({ status: 'error', error });
      }
    }
  };
  // Coming back to checkout (or after a hold ended): show the slots of the postcode already given.
  useEffect(() => {
    if (!live && POSTCODE.test(postcode)) void find(postcode);
  }, [live]);

  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = draft.trim();
    if (!POSTCODE.test(code)) {
      setProblem('Enter a 4-digit postcode.');
      return;
    }
    setProblem(undefined);
    checkout.update({ postcode: code });
    if (!checkout.get().address.postcode) checkout.setAddress({ postcode: code });
    void find(code);
  };

  const pick = async (slot: Slot) => {
    setPicking(slot.id);
    setHoldFailure(undefined);
    setNotice(undefined);
    try {
      checkout.update({ hold: await api.holdSlot(slot.id) });
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'SLOT_FULL' || error.code === 'SLOT_CLOSED')) {
        setNotice(error.code === 'SLOT_FULL' ? 'That slot has just filled up. Please choose another.' : 'That slot has closed for orders. Please choose another.');
        void find(postcode);
      } else {
        setHoldFailure(error);
      }
    } finally {
      setPicking(undefined);
    }
  };

  const expired = () => {
    checkout.update({ hold: null });
    setNotice('Your slot hold ran out. Please choose a delivery slot again.');
  };

  return (
    <section class="card step" aria-labelledby="slot-heading">
      <h2 id="slot-heading" tabIndex={-1}>
        1. Delivery slot
      </h2>
      {notice && (
        <div class="alert alert-warning" role="alert">
          <p>{notice}</p>
        </div>
      )}
      {live ? (
        <HoldBanner hold={hold} onExpired={expired} />
      ) : (
        <>
          <form class="inline-form" onSubmit={submit} noValidate>
            <div class="field">
              <label for="slot-postcode">Delivery postcode</label>
              <input
                id="slot-postcode"
                inputMode="numeric"
                autocomplete="postal-code"
                maxLength={4}
                value={draft}
                onInput={(event) => setDraft(event.currentTarget.value)}
                aria-invalid={problem ? 'true' : undefined}
                aria-describedby={problem ? 'slot-postcode-error' : undefined}
              />
              {problem && (
                <span id="slot-postcode-error" class="field-error">
                  {problem}
                </span>
              )}
            </div>
            <div class="field">
              <button type="submit" class="button button-secondary">
                Find slots
              </button>
            </div>
          </form>
          {slots.status === 'loading' && <SkeletonLines lines={3} label="Finding delivery slots" />}
          {slots.status === 'error' && <ErrorMessage error={slots.error} retry={() => void find(postcode)} />}
          {slots.status === 'ready' && (
            <>
              <p class="muted">Delivering to {slots.list.zone.name}. Choosing a slot holds it for you while you check out.</p>
              <SlotPicker slots={slots.list.items} picking={picking} onPick={(slot) => void pick(slot)} />
            </>
          )}
          {holdFailure !== undefined && <ErrorMessage error={holdFailure} title="The slot was not held" />}
        </>
      )}
    </section>
  );
}
