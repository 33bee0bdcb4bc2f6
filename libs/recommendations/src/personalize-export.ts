import type { CatalogItem, HistoryOrder, Source } from './model';

/**
 * Exports for the seed's ML pipeline: Amazon Personalize bulk-import CSVs for the ECOMMERCE
 * domain — the interactions dataset (one row per order line) and the items dataset — and the
 * Avro schemas to create the datasets with. Streams: lines are yielded one at a time, so a
 * 100k-order history never sits in memory; write them with
 * `pipeline(Readable.from(interactionsCsv(orders)), createWriteStream(path))`.
 */

/** The header Personalize expects, in this order (USER_ID, ITEM_ID, TIMESTAMP are required). */
export const INTERACTIONS_HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE';

/**
 * ECOMMERCE recommenders ("Best sellers", "Frequently bought together", "Recommended for
 * you") train on events of this type; Personalize compares event types as written, so it is
 * spelled as its documentation spells it.
 */
export const PURCHASE_EVENT_TYPE = 'Purchase';

/** The ECOMMERCE items dataset's required fields: PRICE (float) and CATEGORY_L1 (categorical). */
export const ITEMS_HEADER = 'ITEM_ID,PRICE,CATEGORY_L1';

/** Avro schema of the interactions dataset (CreateSchema, domain ECOMMERCE). */
export const INTERACTIONS_SCHEMA = {
  type: 'record',
  name: 'Interactions',
  namespace: 'com.amazonaws.personalize.schema',
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
    { name: 'EVENT_TYPE', type: 'string' },
  ],
  version: '1.0',
} as const;

/** Avro schema of the items dataset (CreateSchema, domain ECOMMERCE). */
export const ITEMS_SCHEMA = {
  type: 'record',
  name: 'Items',
  namespace: 'com.amazonaws.personalize.schema',
  fields: [
    { name: 'ITEM_ID', type: 'string' },
    { name: 'PRICE', type: 'float' },
    { name: 'CATEGORY_L1', type: 'string', categorical: true },
  ],
  version: '1.0',
} as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a double quote, CR or LF, with
 * inner quotes doubled. Values are written as they are — no spreadsheet-formula escaping,
 * since the files go to Personalize, where a leading `=` would only corrupt an id.
 */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ending in a newline. */
export function csvRow(values: readonly (string | number)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

function epochSeconds(order: HistoryOrder): number {
  const ms = Date.parse(order.placedAt);
  if (!Number.isFinite(ms)) throw new Error(`order ${order.orderId} has no valid placedAt: ${order.placedAt}`);
  return Math.floor(ms / 1000);
}

export interface InteractionsOptions {
  readonly eventType?: string;
}

/** The interactions CSV: the header, then one row per (order, line), timestamps in epoch seconds. */
export async function* interactionsCsv(
  orders: Source<HistoryOrder>,
  options: InteractionsOptions = {},
): AsyncGenerator<string> {
  const eventType = options.eventType ?? PURCHASE_EVENT_TYPE;
  yield `${INTERACTIONS_HEADER}\n`;
  for await (const order of orders) {
    const timestamp = epochSeconds(order);
    for (const line of order.lines) yield csvRow([order.customerId, line.productId, timestamp, eventType]);
  }
}

/** The items CSV: the header, then one row per product, price in currency units. */
export async function* itemsCsv(items: Source<CatalogItem>): AsyncGenerator<string> {
  yield `${ITEMS_HEADER}\n`;
  for await (const item of items) yield csvRow([item.id, (item.priceCents / 100).toFixed(2), item.category]);
}
