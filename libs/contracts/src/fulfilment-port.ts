/**
 * What orders need from delivery slots: a hold checked at checkout, turned into the order's
 * booking when it is placed, and given back when the order is cancelled. The fulfilment module
 * runs in the same process as orders in both shapes, so this port is bound in-process.
 */
export const FULFILMENT_PORT = Symbol('FULFILMENT_PORT');

/** The slot an order is delivered in, as the order records it. */
export interface OrderSlot {
  readonly slotId: string;
  readonly holdId: string;
  /** The slot's local day in its zone (the staff's order board groups by it). */
  readonly day?: string;
  readonly start: string;
  readonly end: string;
  readonly feeCents: number;
  readonly currency: string;
}

export interface FulfilmentPort {
  /** The customer's live hold and its slot; SLOT_HOLD_NOT_FOUND or SLOT_HOLD_EXPIRED otherwise. */
  checkHold(customerId: string, holdId: string): Promise<OrderSlot>;
  /** Turns the hold into the order's booking, exactly once (a repeat is a no-op); SLOT_HOLD_EXPIRED when it is too late. */
  book(customerId: string, holdId: string, orderId: string): Promise<OrderSlot>;
  /** Gives the order's booked place back, exactly once. */
  cancelBooking(slotId: string, orderId: string): Promise<void>;
}

/**
 * What the business dashboard and the slot-capacity export read of delivery slots: capacity
 * and bookings per slot, straight from the slot items (each is its own counter). Bound
 * in-process in the monolith; over TCP to the orders service in split mode.
 */
export const SLOT_CAPACITY_PORT = Symbol('SLOT_CAPACITY_PORT');

export interface SlotCapacity {
  readonly slotId: string;
  readonly zoneId: string;
  readonly zoneName: string;
  /** The slot's local day in its zone. */
  readonly day: string;
  readonly start: string;
  readonly end: string;
  readonly capacity: number;
  readonly booked: number;
}

export interface SlotCapacityPort {
  /** Every slot of every zone on the local days `from` to `to` (inclusive, YYYY-MM-DD). */
  slotsBetween(from: string, to: string): Promise<SlotCapacity[]>;
}

/** Message patterns of the orders service's TCP listener; renaming one breaks deployed callers. */
export const FulfilmentPatterns = {
  slotsBetween: 'fulfilment.slots-between.v1',
} as const;
