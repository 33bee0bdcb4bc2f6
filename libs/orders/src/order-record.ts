import { asOrderEvent, STOCK_MOVES, type OrderEvent, type StockMove } from '@gomart/contracts';
import { z } from 'zod';
import { ORDER_STATUSES } from './order-lifecycle';
import type { StoredOrder } from './order';

const line = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  lineTotalCents: z.number().int(),
});

const address = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postcode: z.string(),
  country: z.string(),
});

/**
 * An order item as stored, parsed at the persistence boundary. Events in the outbox are
 * checked for their common fields only: they were built by this code and are published as is.
 */
const storedOrder = z.object({
  id: z.string(),
  customerId: z.string(),
  idempotencyKey: z.string(),
  fingerprint: z.string(),
  status: z.enum(ORDER_STATUSES as [StoredOrder['status'], ...StoredOrder['status'][]]),
  lines: z.array(line),
  totalCents: z.number().int(),
  currency: z.string(),
  deliveryAddress: address.optional(),
  deliverySlot: z.object({ date: z.string(), window: z.string() }).optional(),
  rejection: z
    .object({
      code: z.literal('OUT_OF_STOCK'),
      lines: z.array(z.object({ productId: z.string(), requested: z.number(), available: z.number() })),
    })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attempt: z.string().optional(),
  leaseUntil: z.number().optional(),
  outbox: z.record(z.string(), z.custom<OrderEvent>((value) => asOrderEvent(value) !== undefined)).default({}),
  stockMoves: z.partialRecord(z.enum(STOCK_MOVES as [StockMove, ...StockMove[]]), z.literal(true)).default({}),
});

export function toStoredOrder(item: Record<string, unknown>): StoredOrder {
  return storedOrder.parse(item);
}
