/**
 * The exported analytics datasets, field by field: the one list the app's exporter writes and
 * the Glue tables and Athena queries in deploy/ are built and checked from. Plain data, so both
 * import it. Renaming a field is a change to every exported file and every dashboard: add, do
 * not rename.
 */

/** One field of an exported JSON line and the Glue column that reads it. */
export interface ExportedField {
  /** The JSON property the exporter writes. */
  readonly json: string;
  /** The Glue/Athena column; snake_case at the top level, the lower-cased JSON name inside a struct. */
  readonly column: string;
  /** Hive type. */
  readonly type: string;
  readonly description: string;
}

/** Key prefixes in the exports bucket; each holds `day=YYYY-MM-DD/` partitions. */
export const ORDER_FACTS_PREFIX = 'order-facts/';
export const SLOT_CAPACITY_PREFIX = 'slot-capacity/';
/** Amazon Personalize import files (interactions, items); read by Personalize's import role. */
export const PERSONALIZE_PREFIX = 'personalize/';
export const EXPORT_PREFIXES: readonly string[] = [ORDER_FACTS_PREFIX, SLOT_CAPACITY_PREFIX, PERSONALIZE_PREFIX];

/**
 * The JSON SerDe matches struct field names case-insensitively, so a nested field's column is
 * its JSON name in lower case.
 */
const nested = (json: string, type: string, description: string): ExportedField => ({
  json,
  column: json.toLowerCase(),
  type,
  description,
});

/** One element of `lines` on an order fact. */
export const orderLineFields: readonly ExportedField[] = [
  nested('productId', 'string', 'Product id (the SKU in lower case)'),
  nested('quantity', 'int', 'Units ordered'),
  nested('priceCents', 'bigint', 'Unit price at order time (estimate for weighed products)'),
  nested('category', 'string', 'Aisle id of the product, e.g. dairy-eggs'),
  nested('finalCents', 'bigint', 'What the line finally cost once picked (absent before picking)'),
  nested('result', 'string', 'Picking outcome: picked, substituted or unavailable'),
  nested('cents', 'bigint', 'What the line comes to in this fact: the estimate when placed, the final amount once picked, as it stood when cancelled'),
  nested('substituteProductId', 'string', 'Picked lines: the product that went in the bag instead'),
];

/** One line per order event under `order-facts/day=YYYY-MM-DD/`. */
export const orderFactFields: readonly ExportedField[] = [
  { json: 'eventId', column: 'event_id', type: 'string', description: 'Event id (unique; the de-duplication key)' },
  {
    json: 'type',
    column: 'event_type',
    type: 'string',
    description: 'OrderPlaced, OrderCancelled, OrderStatusChanged, OrderPicked',
  },
  { json: 'occurredAt', column: 'occurred_at', type: 'string', description: 'ISO-8601 UTC time of the event' },
  { json: 'orderId', column: 'order_id', type: 'string', description: 'Order id' },
  { json: 'customerId', column: 'customer_id', type: 'string', description: 'Cognito sub of the customer' },
  { json: 'status', column: 'status', type: 'string', description: 'Order status after the event' },
  {
    json: 'totalCents',
    column: 'total_cents',
    type: 'bigint',
    description: 'Estimated total (subtotal + delivery fee)',
  },
  { json: 'currency', column: 'currency', type: 'string', description: 'ISO 4217 code' },
  { json: 'finalTotalCents', column: 'final_total_cents', type: 'bigint', description: 'Charged total once picked' },
  { json: 'deliveryFeeCents', column: 'delivery_fee_cents', type: 'bigint', description: 'Delivery fee of the slot' },
  { json: 'slotId', column: 'slot_id', type: 'string', description: 'Delivery slot booked' },
  { json: 'slotStart', column: 'slot_start', type: 'string', description: 'ISO-8601 start of the slot' },
  { json: 'substitutions', column: 'substitutions', type: 'int', description: 'Lines substituted at picking' },
  { json: 'shortPicks', column: 'short_picks', type: 'int', description: 'Lines not available at picking' },
  {
    json: 'lines',
    column: 'lines',
    type: `array<struct<${orderLineFields.map((field) => `${field.column}:${field.type}`).join(',')}>>`,
    description: 'The order lines',
  },
];

/** One line per slot and day under `slot-capacity/day=YYYY-MM-DD/`, written daily. */
export const slotCapacityFields: readonly ExportedField[] = [
  { json: 'slotId', column: 'slot_id', type: 'string', description: 'Delivery slot id' },
  { json: 'zoneId', column: 'zone_id', type: 'string', description: 'Delivery zone of the slot' },
  { json: 'start', column: 'slot_start', type: 'string', description: 'ISO-8601 start of the slot' },
  { json: 'capacity', column: 'capacity', type: 'int', description: 'Orders the slot can take' },
  { json: 'booked', column: 'booked', type: 'int', description: 'Orders booked into it' },
];

/** The partition column every dataset adds from its `day=` folder. */
export const DAY_PARTITION = 'day';
