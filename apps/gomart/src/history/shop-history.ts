import type { OrderEvent, PricedProduct } from '@gomart/contracts';
import { demoCatalog, productIdForSku } from '@gomart/catalog';
import { addDays, DELIVERY_ZONES, localDay, slotsFor, type DeliveryZone, type StoredSlot } from '@gomart/fulfilment';
import { pickedCents, pickedEvent, placedEvent, priceLine, transitionEvent, type OrderLine, type StoredOrder } from '@gomart/orders';
import { deriveSeed, generateOrderHistory, Random } from '@gomart/recommendations';

export interface ShopHistoryOptions {
  /** Days of history, ending the day before yesterday (every order of it delivered or cancelled by now). */
  readonly days: number;
  readonly customers: number;
  readonly seed: number;
  /** Products of the demo range (what the app seeds). */
  readonly products: number;
  readonly weightBufferPercent: number;
  readonly cutoffMinutes: number;
  /** Default: today (UTC). */
  readonly today?: string;
}

/** One generated order and the events its life produced, oldest first. */
export interface HistoricOrder {
  readonly order: StoredOrder;
  readonly events: readonly OrderEvent[];
}

const CANCEL_RATE = 0.04;
const SUBSTITUTE_RATE = 0.04;
const UNAVAILABLE_RATE = 0.02;
const HOUR_MS = 3_600_000;

/**
 * A shop's past, made by the code that makes the present: shoppers' baskets from the
 * recommender's generator (staples, meals, seasons), priced by the orders' own `priceLine`,
 * booked into the zones' slots, picked with real weights, substitutions and gaps through
 * `pickedCents`, and told as the events the order code emits (`placedEvent`, `pickedEvent`,
 * `transitionEvent`). Deterministic: the same options give the same orders, ids and event ids,
 * so seeding twice records each event once.
 */
export class ShopHistory {
  private readonly products: PricedProduct[];
  private readonly byId: Map<string, PricedProduct>;
  private readonly byAisle = new Map<string, PricedProduct[]>();
  private readonly slots = new Map<string, StoredSlot & { booked: number; bookings: Record<string, { holdId: string; customerId: string }> }>();
  /** The current order's draws: each order's from its own seed, so every pass over the history tells the same story. */
  private random: Random;
  readonly firstDay: string;
  readonly lastDay: string;

  constructor(private readonly options: ShopHistoryOptions) {
    this.products = demoCatalog(options.products).map((product) => ({ ...product, id: productIdForSku(product.sku) }));
    this.byId = new Map(this.products.map((product) => [product.id, product]));
    for (const product of this.products) this.byAisle.set(product.category, [...(this.byAisle.get(product.category) ?? []), product]);
    this.random = Random.seeded(deriveSeed(options.seed, 0xdeed));
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    this.lastDay = addDays(today, -2);
    this.firstDay = addDays(this.lastDay, -(options.days - 1));
  }

  /** The orders in the order they were placed, each with its events. */
  *orders(): Generator<HistoricOrder> {
    this.slots.clear();
    const history = generateOrderHistory({
      customers: this.options.customers,
      days: this.options.days,
      seed: this.options.seed,
      start: this.firstDay,
      catalog: this.products.map(({ id, category, name, priceCents }) => ({ id, category, name, priceCents })),
    });
    for (const generated of history) {
      this.random = Random.seeded(deriveSeed(this.options.seed, hash(generated.orderId)));
      const lines = generated.lines.flatMap(({ productId, quantity }) => {
        const product = this.byId.get(productId);
        return product ? [priceLine(product, quantity, this.random.chance(0.15) ? 'none' : 'similar', this.options.weightBufferPercent)] : [];
      });
      if (lines.length === 0) continue;
      yield this.live(`hist-${this.options.seed}-${generated.orderId}`, `hist-${generated.customerId}`, generated.placedAt, lines);
    }
  }

  /** The slots the history booked, with their bookings (written by the seeder unless they exist). */
  bookedSlots(): StoredSlot[] {
    return [...this.slots.values()].map((slot) => ({ ...slot, free: slot.capacity - slot.booked }));
  }

  private live(id: string, customerId: string, placedAt: string, lines: OrderLine[]): HistoricOrder {
    const zone = DELIVERY_ZONES[hash(customerId) % DELIVERY_ZONES.length]!;
    const slot = this.book(zone, placedAt, id, customerId);
    const subtotalCents = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
    const deliveryFeeCents = slot?.feeCents ?? 0;
    const placed: StoredOrder = {
      id,
      customerId,
      idempotencyKey: id,
      fingerprint: id,
      status: 'PLACED',
      lines,
      subtotalCents,
      deliveryFeeCents,
      totalCents: subtotalCents + deliveryFeeCents,
      authorisedCents: lines.reduce((sum, line) => sum + line.authorisedCents, 0) + deliveryFeeCents,
      currency: 'AUD',
      ...(slot ? { slot: { slotId: slot.slotId, holdId: `${slot.slotId}.${id}`, day: slot.day, start: slot.start, end: slot.end, feeCents: slot.feeCents, currency: slot.currency } } : {}),
      timeline: [{ status: 'PLACED', at: placedAt }],
      createdAt: placedAt,
      updatedAt: placedAt,
      outbox: {},
      work: {},
    };
    const at = (ms: number) => new Date(ms).toISOString();
    const context = (step: string, time: number) => ({ eventId: `${id}-${step}`, occurredAt: at(time) });
    const placedMs = Date.parse(placedAt);
    const events: OrderEvent[] = [placedEvent(placed, context('placed', placedMs))];
    if (this.random.chance(CANCEL_RATE)) {
      events.push(transitionEvent(placed, 'CANCELLED', 'customer', context('cancelled', placedMs + this.random.int(1, 6) * HOUR_MS)));
      if (slot) this.unbook(slot.slotId, id);
      return { order: { ...placed, status: 'CANCELLED' }, events };
    }
    const startMs = slot ? Date.parse(slot.start) : placedMs + 24 * HOUR_MS;
    const endMs = slot ? Date.parse(slot.end) : startMs + 2 * HOUR_MS;
    const picking: StoredOrder = { ...placed, status: 'PICKING' };
    events.push(transitionEvent(placed, 'PICKING', 'staff', context('picking', startMs - 3 * HOUR_MS)));
    const pickedAt = at(startMs - HOUR_MS);
    const picked: StoredOrder = { ...picking, lines: lines.map((line) => this.pick(line, pickedAt)), pickedAt };
    const finalTotalCents = picked.lines.reduce((sum, line) => sum + (line.pick?.finalCents ?? 0), 0) + deliveryFeeCents;
    events.push(pickedEvent(picked, context('picked', startMs - HOUR_MS)));
    const out: StoredOrder = { ...picked, status: 'OUT_FOR_DELIVERY', finalTotalCents };
    events.push(transitionEvent(out, 'DELIVERED', 'staff', context('delivered', endMs - 10 * 60_000)));
    return { order: { ...out, status: 'DELIVERED' }, events };
  }

  /** The line as a picker recorded it: mostly as ordered (weighed items at their real weight), now and then a substitute or a gap. */
  private pick(line: OrderLine, pickedAt: string): OrderLine {
    const by = { pickedBy: 'history', pickedAt };
    const substitute = line.substitute === 'none' ? undefined : this.substituteFor(line);
    if (substitute && this.random.chance(SUBSTITUTE_RATE)) {
      const finalCents = pickedCents(line, { result: 'substituted', substitute });
      return { ...line, pick: { result: 'substituted', substituteProductId: substitute.id, substituteSku: substitute.sku, substituteName: substitute.name, finalCents, ...by } };
    }
    if (this.random.chance(UNAVAILABLE_RATE)) return { ...line, pick: { result: 'unavailable', finalCents: 0, ...by } };
    const grams = line.soldBy === 'per_kg' ? Math.max(1, Math.round(line.estimatedGrams! * this.random.between(0.85, 1.15))) : undefined;
    return { ...line, pick: { result: 'picked', ...(grams !== undefined ? { grams } : {}), finalCents: pickedCents(line, { result: 'picked', grams }), ...by } };
  }

  /** Another product of the line's aisle sold by the unit, chosen as a picker would (close in price). */
  private substituteFor(line: OrderLine): PricedProduct | undefined {
    const candidates = (this.byAisle.get(line.category) ?? []).filter((product) => product.id !== line.productId && product.soldBy === 'each');
    if (candidates.length === 0) return undefined;
    return candidates.reduce((best, product) =>
      Math.abs(product.priceCents - line.unitPriceCents) < Math.abs(best.priceCents - line.unitPriceCents) ? product : best,
    );
  }

  /** A place in one of the next day's slots of the customer's zone that still has room, if any. */
  private book(zone: DeliveryZone, placedAt: string, orderId: string, customerId: string): StoredSlot | undefined {
    const day = addDays(localDay(new Date(placedAt), zone.timeZone), 1);
    const open = slotsFor(zone, day, 0, this.options.cutoffMinutes)
      .map((slot) => this.slots.get(slot.slotId) ?? { ...slot, bookings: {} })
      .filter((slot) => slot.booked < slot.capacity);
    if (open.length === 0) return undefined;
    const slot = this.random.pick(open);
    slot.booked += 1;
    slot.bookings[orderId] = { holdId: `${slot.slotId}.${orderId}`, customerId };
    this.slots.set(slot.slotId, slot);
    return slot;
  }

  private unbook(slotId: string, orderId: string): void {
    const slot = this.slots.get(slotId);
    if (!slot || !slot.bookings[orderId]) return;
    delete slot.bookings[orderId];
    slot.booked -= 1;
  }
}

function hash(text: string): number {
  let value = 2166136261;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 16777619);
  return value >>> 0;
}
