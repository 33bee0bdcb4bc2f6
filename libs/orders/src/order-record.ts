import { asOrderEvent, SOLD_BY, type OrderEvent, type SoldBy } from '@gomart/contracts';
import { z } from 'zod';
import { ORDER_STATUSES } from './order-lifecycle';
import { ORDER_WORK, type OrderWork, type StoredOrder } from './order';

const pick = z.object({
  result: z.enum(['picked', 'substituted', 'unavailable']),
  grams: z.number().int().optional(),
  substituteProductId: z.string().optional(),
  substituteSku: z.string().optional(),
  substituteName: z.string().optional(),
  finalCents: z.number().int(),
  pickedBy: z.string(),
  pickedAt: z.string(),
});

const line = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  category: z.string().default(''),
  quantity: z.number().int(),
  soldBy: z.enum(SOLD_BY as [SoldBy, ...SoldBy[]]).default('each'),
  unitPriceCents: z.number().int(),
  lineTotalCents: z.number().int(),
  authorisedCents: z.number().int(),
  pricePerKgCents: z.number().int().optional(),
  estimatedGrams: z.number().int().optional(),
  substitute: z.union([z.literal('none'), z.literal('similar'), z.object({ productId: z.string() })]).default('similar'),
  pick: pick.optional(),
});

const address = z.object({
  name: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postcode: z.string(),
  country: z.string(),
});

const status = z.enum(ORDER_STATUSES as [StoredOrder['status'], ...StoredOrder['status'][]]);

/**
 * An order item as stored, parsed at the persistence boundary. Events in the outbox are
 * checked for their common fields only: they were built by this code and are published as is.
 */
const storedOrder = z.object({
  id: z.string(),
  customerId: z.string(),
  email: z.string().optional(),
  idempotencyKey: z.string(),
  fingerprint: z.string(),
  status,
  lines: z.array(line),
  subtotalCents: z.number().int(),
  deliveryFeeCents: z.number().int(),
  totalCents: z.number().int(),
  authorisedCents: z.number().int(),
  finalTotalCents: z.number().int().optional(),
  currency: z.string(),
  slot: z
    .object({ slotId: z.string(), holdId: z.string(), day: z.string().optional(), start: z.string(), end: z.string(), feeCents: z.number().int(), currency: z.string() })
    .optional(),
  deliveryAddress: address.optional(),
  rejection: z
    .object({
      code: z.literal('OUT_OF_STOCK'),
      lines: z.array(z.object({ productId: z.string(), requested: z.number(), available: z.number() })),
    })
    .optional(),
  timeline: z.array(z.object({ status, at: z.string() })).default([]),
  pickedAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attempt: z.string().optional(),
  leaseUntil: z.number().optional(),
  outbox: z.record(z.string(), z.custom<OrderEvent>((value) => asOrderEvent(value) !== undefined)).default({}),
  legalHold: z.object({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
  restoredAt: z.string().optional(),
  erasedAt: z.string().optional(),
  work: z.partialRecord(z.enum(ORDER_WORK as unknown as [OrderWork, ...OrderWork[]]), z.literal(true)).default({}),
});

export function toStoredOrder(item: Record<string, unknown>): StoredOrder {
  return storedOrder.parse(item);
}
