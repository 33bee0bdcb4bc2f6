import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { sleep } from '@gomart/async';
import { isStaff, type Identity } from '@gomart/auth';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import {
  CATALOG_PORT,
  DomainError,
  ErrorCode,
  OrderEventType,
  type CatalogPort,
  type OrderEvent,
  type OrderStatus,
} from '@gomart/contracts';
import { OrderPlacement } from './order-placement';
import {
  CUSTOMER_CANCELLABLE,
  fingerprintOf,
  orderIdFor,
  STAFF_TRANSITIONS,
  toView,
  type OrderLine,
  type OrderView,
  type StoredOrder,
} from './order';
import type { OrderRepository } from './order.repository';
import type { PlaceOrderBody } from './orders.dto';
import { ORDER_REPOSITORY } from './orders.tokens';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;
const REPLAY_POLL_MS = 50;

@Injectable()
export class OrdersService {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
    @Inject(OrderPlacement) private readonly placement: OrderPlacement,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Places an order once per (customer, Idempotency-Key): a repeat with the same body answers
   * what the first request answered (waiting briefly if it is still running), a repeat with a
   * different body is refused.
   */
  async place(customer: Identity, idempotencyKey: string | undefined, body: PlaceOrderBody): Promise<OrderView> {
    const key = checkIdempotencyKey(idempotencyKey);
    this.checkLimits(body);
    const request = {
      lines: body.lines.map(({ productId, quantity }) => ({ productId, quantity })),
      deliveryAddress: body.deliveryAddress ? { ...body.deliveryAddress } : undefined,
      deliverySlot: body.deliverySlot ? { ...body.deliverySlot } : undefined,
    };
    const id = orderIdFor(customer.sub, key);
    const fingerprint = fingerprintOf(request);

    // Two rounds at most: a claim withdrawn by a failed first attempt is claimed afresh.
    for (let round = 0; round < 2; round++) {
      const existing = await this.orders.get(id);
      if (existing) {
        const replayed = await this.replay(existing, fingerprint);
        if (replayed) return replayed;
        continue;
      }
      const order: StoredOrder = {
        id,
        customerId: customer.sub,
        idempotencyKey: key,
        fingerprint,
        status: 'PENDING',
        ...(await this.price(request.lines)),
        deliveryAddress: request.deliveryAddress,
        deliverySlot: request.deliverySlot,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        outbox: {},
        ...this.placement.newLease(),
      };
      if (!(await this.orders.claim(order))) continue;
      const ended = await this.placement.run(order);
      if (ended.status !== 'PENDING') return outcome(ended);
      // Our lease was taken over (we were too slow): answer as any repeat would.
      const replayed = await this.replay(ended, fingerprint);
      if (replayed) return replayed;
    }
    throw new DomainError(ErrorCode.ORDER_IN_PROGRESS, 'The order is still being placed; retry with the same Idempotency-Key.', {
      orderId: id,
    });
  }

  async list(customer: Identity, limit: number, cursor?: string): Promise<{ items: OrderView[]; nextCursor: string | null }> {
    const page = await this.orders.listByCustomer(customer.sub, limit, cursor);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  /** Customers see their own orders only (another's id is a 404, not a 403); staff see all. */
  async get(caller: Identity, id: string): Promise<OrderView> {
    return toView(await this.visibleOrder(caller, id, isStaff(caller)));
  }

  async cancel(customer: Identity, id: string): Promise<OrderView> {
    const order = await this.visibleOrder(customer, id, false);
    if (!CUSTOMER_CANCELLABLE.includes(order.status)) throw invalidTransition(order.status, 'CANCELLED', []);
    return this.move(order, 'CANCELLED', 'customer');
  }

  async changeStatus(staff: Identity, id: string, to: OrderStatus): Promise<OrderView> {
    const order = await this.visibleOrder(staff, id, true);
    const allowed = STAFF_TRANSITIONS[order.status] ?? [];
    if (!allowed.includes(to)) throw invalidTransition(order.status, to, allowed);
    return this.move(order, to, 'staff');
  }

  private async move(order: StoredOrder, to: OrderStatus, by: 'customer' | 'staff'): Promise<OrderView> {
    const now = new Date().toISOString();
    const base = { eventId: randomUUID(), occurredAt: now, orderId: order.id, customerId: order.customerId };
    const event: OrderEvent =
      to === 'CANCELLED'
        ? { ...base, type: OrderEventType.cancelled, previousStatus: order.status, cancelledBy: by }
        : { ...base, type: OrderEventType.statusChanged, from: order.status, to };
    const moved = await this.orders.transition(
      order.id,
      order.status,
      to,
      { event, pending: to === 'CANCELLED' ? 'restockPending' : to === 'DELIVERED' ? 'commitPending' : undefined },
      now,
    );
    if (!moved) {
      // Someone else moved it first; report against its current status.
      const current = await this.orders.get(order.id);
      throw invalidTransition(current?.status ?? order.status, to, STAFF_TRANSITIONS[current?.status ?? order.status] ?? []);
    }
    await this.placement.completeWork(moved);
    return toView(moved);
  }

  /** The answer to a repeat; undefined when the first attempt withdrew its claim meanwhile. */
  private async replay(existing: StoredOrder, fingerprint: string): Promise<OrderView | undefined> {
    if (existing.fingerprint !== fingerprint) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for a different order.', {
        orderId: existing.id,
      });
    }
    const deadline = Date.now() + this.config.orders.replayWaitMs;
    let current: StoredOrder | undefined = existing;
    while (current?.status === 'PENDING') {
      if ((current.leaseUntil ?? 0) < Date.now()) {
        // The first attempt died: finish its work rather than wait for the sweeper.
        await this.placement.sweep(current.id);
      } else if (Date.now() >= deadline) {
        throw new DomainError(ErrorCode.ORDER_IN_PROGRESS, 'The order is still being placed; retry with the same Idempotency-Key.', {
          orderId: current.id,
        });
      } else {
        await sleep(REPLAY_POLL_MS);
      }
      current = await this.orders.get(existing.id);
    }
    return current && outcome(current);
  }

  private async price(lines: readonly { productId: string; quantity: number }[]) {
    const products = new Map((await this.catalog.priceProducts(lines.map((line) => line.productId))).map((p) => [p.id, p]));
    const unknown = lines.filter((line) => !products.has(line.productId)).map((line) => line.productId);
    if (unknown.length > 0) {
      throw new DomainError(ErrorCode.UNKNOWN_PRODUCT, `Unknown product: ${unknown.join(', ')}.`, { productIds: unknown });
    }
    const priced: OrderLine[] = lines.map(({ productId, quantity }) => {
      const product = products.get(productId)!;
      return {
        productId,
        sku: product.sku,
        name: product.name,
        quantity,
        unitPriceCents: product.priceCents,
        lineTotalCents: product.priceCents * quantity,
      };
    });
    const currencies = [...new Set([...products.values()].map((product) => product.currency))];
    if (currencies.length > 1) {
      throw new DomainError(ErrorCode.MIXED_CURRENCY, 'Products in one order must share a currency.', { currencies });
    }
    return {
      lines: priced,
      totalCents: priced.reduce((sum, line) => sum + line.lineTotalCents, 0),
      currency: currencies[0] ?? 'AUD',
    };
  }

  private checkLimits(body: PlaceOrderBody): void {
    const { maxLines, maxQuantity } = this.config.orders;
    const problems: { field: string; problems: string[] }[] = [];
    if (body.lines.length > maxLines) problems.push({ field: 'lines', problems: [`at most ${maxLines} lines per order`] });
    const seen = new Set<string>();
    body.lines.forEach((line, index) => {
      if (line.quantity > maxQuantity) {
        problems.push({ field: `lines.${index}.quantity`, problems: [`at most ${maxQuantity} units of a product per order`] });
      }
      if (seen.has(line.productId)) {
        problems.push({ field: `lines.${index}.productId`, problems: ['each product may appear in one line only'] });
      }
      seen.add(line.productId);
    });
    if (problems.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', { fields: problems });
    }
  }

  private async visibleOrder(caller: Identity, id: string, staffMaySee: boolean): Promise<StoredOrder> {
    const order = await this.orders.get(id);
    if (!order || (order.customerId !== caller.sub && !staffMaySee)) {
      throw new DomainError(ErrorCode.ORDER_NOT_FOUND, `No order with id ${id}.`, { id });
    }
    return order;
  }
}

function checkIdempotencyKey(key: string | undefined): string {
  if (key !== undefined && IDEMPOTENCY_KEY.test(key)) return key;
  throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', {
    fields: [
      {
        field: 'Idempotency-Key',
        problems: [
          key === undefined
            ? 'the Idempotency-Key header is required'
            : 'Idempotency-Key must be 8 to 128 letters, digits, "-" or "_" (a UUID is ideal)',
        ],
      },
    ],
  });
}

/** A rejected order answers as the error it was, also on every repeat. */
function outcome(order: StoredOrder): OrderView {
  if (order.status === 'REJECTED' && order.rejection) {
    throw new DomainError(ErrorCode.OUT_OF_STOCK, 'Some products are short of stock; nothing was reserved.', {
      orderId: order.id,
      lines: order.rejection.lines,
    });
  }
  return toView(order);
}

function invalidTransition(from: OrderStatus, to: OrderStatus, allowed: readonly OrderStatus[]): DomainError {
  return new DomainError(ErrorCode.INVALID_TRANSITION, `An order that is ${from} cannot become ${to}.`, { from, to, allowed });
}
