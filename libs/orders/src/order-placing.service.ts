import { Inject, Injectable } from '@nestjs/common';
import { isTransientFailure, sleep } from '@gomart/async';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { Metrics } from '@gomart/metrics';
import { DomainError, ErrorCode, FULFILMENT_PORT, type FieldProblem, type FulfilmentPort, type OrderSlot } from '@gomart/contracts';
import { OrderErrors } from './order.errors';
import { OrderPricing, type PricedOrder } from './order-pricing';
import { fingerprintOf, orderIdFor, toView, type Customer, type OrderView, type PlaceOrderRequest, type StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';
import { InFlightLimit } from './in-flight-limit';
import { openOrderLimitProblem } from './open-order-limits';
import { PlacementAttempt } from './placement-attempt';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;
const REPLAY_POLL_MS = 50;

/**
 * Placing an order once per (customer, Idempotency-Key): the limits, the claim, and the
 * answer to repeats. A repeat with the same body answers what the first request answered
 * (waiting briefly if it is still running); a repeat with another body is refused. A
 * dependency that times out or fails is a 503 naming the order: nothing is decided, and a
 * retry with the same key continues where this one stopped. Past ORDER_MAX_IN_FLIGHT
 * placements at once, the next is refused at once with 503 (shed, nothing stored).
 */
@Injectable()
export class OrderPlacing {
  private readonly inFlight: InFlightLimit;

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(OrderPricing) private readonly pricing: OrderPricing,
    @Inject(PlacementAttempt) private readonly attempts: PlacementAttempt,
    @Inject(FULFILMENT_PORT) private readonly fulfilment: FulfilmentPort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.inFlight = new InFlightLimit(config.orders.maxInFlight);
    metrics.gauge('OrdersInProgress', () => this.inProgress);
  }

  private inProgress = 0;

  async place(customer: Customer, idempotencyKey: string | undefined, request: PlaceOrderRequest): Promise<OrderView> {
    const key = checkIdempotencyKey(idempotencyKey);
    this.checkLimits(request);
    const id = orderIdFor(customer.id, key);
    const started = performance.now();
    this.inProgress += 1;
    try {
      return await this.inFlight.run(
        () => this.claimAndPlace(customer, key, id, request),
        () => {
          this.metrics.count('LoadShed');
          throw OrderErrors.busy(id);
        },
      );
    } catch (error) {
      // OUT_OF_STOCK is counted where it is decided (a repeat of the request answers it again).
      if (error instanceof DomainError && error.code !== ErrorCode.OUT_OF_STOCK) this.metrics.count('OrdersRejected', error.code);
      if (error instanceof DomainError || !isTransientFailure(error)) throw error;
      this.metrics.count('OrdersRejected', ErrorCode.SERVICE_UNAVAILABLE);
      throw OrderErrors.unavailable(id);
    } finally {
      this.inProgress -= 1;
      this.metrics.time('PlacementLatency', performance.now() - started);
    }
  }

  private async claimAndPlace(customer: Customer, key: string, id: string, request: PlaceOrderRequest): Promise<OrderView> {
    const fingerprint = fingerprintOf(request);
    // Two rounds at most: a claim withdrawn by a failed first attempt is claimed afresh.
    for (let round = 0; round < 2; round++) {
      // Three reads that wait for nothing, at once: a repeat needs only the first, and its
      // answer wins over whatever the others found (a hold since booked, a price since changed).
      const [found, prepared] = await Promise.allSettled([this.orders.get(id), this.prepare(customer, request)]);
      if (found.status === 'rejected') throw found.reason;
      const existing = found.value;
      if (existing) {
        const replayed = await this.replay(existing, fingerprint);
        if (replayed) return replayed;
        continue;
      }
      if (prepared.status === 'rejected') throw prepared.reason;
      const { slot, priced: { lines, subtotalCents, linesAuthorisedCents, currency } } = prepared.value;
      const deliveryFeeCents = slot?.feeCents ?? 0;
      const now = new Date().toISOString();
      const order: StoredOrder = {
        id,
        customerId: customer.id,
        ...(customer.email ? { email: customer.email } : {}),
        idempotencyKey: key,
        fingerprint,
        status: 'PENDING',
        lines,
        subtotalCents,
        deliveryFeeCents,
        totalCents: subtotalCents + deliveryFeeCents,
        authorisedCents: linesAuthorisedCents + deliveryFeeCents,
        currency,
        slot,
        deliveryAddress: request.deliveryAddress,
        timeline: [{ status: 'PENDING', at: now }],
        createdAt: now,
        updatedAt: now,
        outbox: {},
        work: {},
        ...this.attempts.newLease(),
      };
      if (!(await this.orders.claim(order))) continue;
      await this.checkOpenOrders(order);
      const ended = await this.attempts.run(order, 'in-background');
      if (ended.status !== 'PENDING') return outcome(ended);
      // Our lease was taken over (we were too slow): answer as any repeat would.
      const replayed = await this.replay(ended, fingerprint);
      if (replayed) return replayed;
    }
    throw OrderErrors.inProgress(id);
  }

  /** The slot held (a hold that expired is told now, before anything is stored) and the basket priced. */
  private async prepare(customer: Customer, request: PlaceOrderRequest): Promise<{ slot: OrderSlot | undefined; priced: PricedOrder }> {
    const [slot, priced] = await Promise.all([
      request.slotHoldId ? this.fulfilment.checkHold(customer.id, request.slotHoldId) : undefined,
      this.pricing.price(request.lines),
    ]);
    return { slot, priced };
  }

  /**
   * The business-flow limits, checked after the claim so that the order being placed counts:
   * two placements of one customer at the same moment each see the other, and neither slips
   * past the limit (both may be refused; a retry with the same key then tries again). A refused
   * order is withdrawn before anything is reserved, as if never asked for.
   */
  private async checkOpenOrders(order: StoredOrder): Promise<void> {
    const { maxOpenPerCustomer, maxOpenUnitsPerProduct } = this.config.orders;
    if (maxOpenPerCustomer === 0 && maxOpenUnitsPerProduct === 0) return;
    const withdraw = () => (order.attempt ? this.orders.abandon(order.id, order.attempt) : Promise.resolve(false));
    const open = await this.orders.openOrdersOf(order.customerId).catch(async (error: unknown) => {
      // Not checked, not placed: withdraw the claim so the sweeper does not place it unchecked.
      await withdraw().catch(() => undefined);
      throw error;
    });
    // The index may not show our own claim yet (DynamoDB's indexes are eventually consistent).
    const counted = open.some((other) => other.id === order.id) ? open : [...open, order];
    const problem = openOrderLimitProblem(counted, { maxOpenOrders: maxOpenPerCustomer, maxUnitsPerProduct: maxOpenUnitsPerProduct });
    if (!problem) return;
    await withdraw();
    throw problem;
  }

  /** The answer to a repeat; undefined when the first attempt withdrew its claim meanwhile. */
  private async replay(existing: StoredOrder, fingerprint: string): Promise<OrderView | undefined> {
    if (existing.fingerprint !== fingerprint) throw OrderErrors.keyReused(existing.id);
    const deadline = Date.now() + this.config.orders.replayWaitMs;
    let current: StoredOrder | undefined = existing;
    while (current?.status === 'PENDING') {
      if ((current.leaseUntil ?? 0) < Date.now()) {
        // The first attempt died: finish its work rather than wait for the sweeper.
        await this.attempts.sweep(current.id);
      } else if (Date.now() >= deadline) {
        throw OrderErrors.inProgress(current.id);
      } else {
        await sleep(REPLAY_POLL_MS);
      }
      current = await this.orders.get(existing.id);
    }
    return current && outcome(current);
  }

  private checkLimits(request: PlaceOrderRequest): void {
    const { maxLines, maxQuantity } = this.config.orders;
    const problems: FieldProblem[] = [];
    if (request.lines.length > maxLines) problems.push({ field: 'lines', problems: [`at most ${maxLines} lines per order`] });
    const seen = new Set<string>();
    request.lines.forEach((line, index) => {
      if (line.quantity > maxQuantity) {
        problems.push({ field: `lines.${index}.quantity`, problems: [`at most ${maxQuantity} units of a product per order`] });
      }
      if (seen.has(line.productId)) problems.push({ field: `lines.${index}.productId`, problems: ['each product may appear in one line only'] });
      seen.add(line.productId);
    });
    if (problems.length > 0) throw OrderErrors.limitsExceeded(problems);
  }
}

function checkIdempotencyKey(key: string | undefined): string {
  if (key === undefined) throw OrderErrors.idempotencyKeyMissing();
  if (!IDEMPOTENCY_KEY.test(key)) throw OrderErrors.idempotencyKeyMalformed();
  return key;
}

/** A rejected order answers as the error it was, also on every repeat. */
function outcome(order: StoredOrder): OrderView {
  if (order.status === 'REJECTED' && order.rejection) throw OrderErrors.outOfStock(order.id, order.rejection.lines);
  return toView(order);
}
