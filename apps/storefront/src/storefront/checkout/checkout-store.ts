import type { SlotHold } from '../../shared/api/types';
import { createPersistedStore, perTab, useStore } from '../../shared/stores/store';

export interface AddressDraft {
  readonly name: string;
  readonly line1: string;
  readonly line2: string;
  readonly city: string;
  readonly postcode: string;
}

export interface CheckoutState {
  /** The postcode the slots were looked up for. */
  readonly postcode: string;
  /** The slot held for this checkout, if any. */
  readonly hold: SlotHold | null;
  readonly address: AddressDraft;
  /**
   * This checkout's Idempotency-Key and the order body it was made for: kept (in this tab, across
   * reloads) until the order is decided, so retries and double clicks can only ever make one order.
   */
  readonly attempt: { readonly key: string; readonly fingerprint: string } | null;
}

export const CHECKOUT_STORAGE_KEY = 'gomart.checkout.v1';

const initial: CheckoutState = {
  postcode: '',
  hold: null,
  address: { name: '', line1: '', line2: '', city: '', postcode: '' },
  attempt: null,
};

function parseCheckout(raw: unknown): CheckoutState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = raw as Partial<CheckoutState>;
  return {
    postcode: typeof value.postcode === 'string' ? value.postcode : '',
    hold: value.hold && typeof value.hold.id === 'string' && typeof value.hold.expiresAt === 'string' ? value.hold : null,
    address: { ...initial.address, ...(typeof value.address === 'object' ? value.address : {}) },
    attempt: value.attempt && typeof value.attempt.key === 'string' ? value.attempt : null,
  };
}

const store = createPersistedStore<CheckoutState>(perTab, CHECKOUT_STORAGE_KEY, parseCheckout, initial);

export const holdIsLive = (hold: SlotHold | null, now = Date.now()): hold is SlotHold =>
  hold !== null && Date.parse(hold.expiresAt) > now;

export const checkout = {
  store,
  get: () => store.get(),
  update: (change: Partial<CheckoutState>) => store.set((state) => ({ ...state, ...change })),
  setAddress: (change: Partial<AddressDraft>) => store.set((state) => ({ ...state, address: { ...state.address, ...change } })),
  /** After the order is placed: the next checkout starts with a new key and no hold. */
  finish: () => store.set((state) => ({ ...state, hold: null, attempt: null })),
};

export const useCheckout = (): CheckoutState => useStore(store);
