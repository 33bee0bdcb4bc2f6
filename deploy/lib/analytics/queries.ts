/**
 * The business questions asked of the exported facts, as Athena SQL (engine 3). Every column
 * a query reads is qualified by the alias of what it reads: `f.` an order fact (order_facts),
 * `l.` one of its lines (unnested, or the parameter of a lambda over `f.lines`), `s.` a
 * slot-day (slot_capacity),
 * so the test can check each one against the exported field list. Tables are written
 * `{order_facts}`, `{slot_capacity}` and rendered per use: plain for Athena's named queries
 * (the query's database), qualified for QuickSight's custom SQL.
 */

import { orderLineFields } from './exported-fields';

/** A QuickSight column type for a query's output. */
export type OutputType = 'STRING' | 'INTEGER' | 'DECIMAL';

export interface AnalyticsQuery {
  /** snake_case; the named query's and the QuickSight dataset's name. */
  readonly name: string;
  readonly description: string;
  readonly sql: string;
  /** The result columns, in order. */
  readonly outputs: readonly { readonly name: string; readonly type: OutputType }[];
}

/**
 * Unnesting an array of structs yields one column per struct field (Athena engine 3, as Trino),
 * named here in the struct's order so that `l.<field>` reads the line's field.
 */
const LINES = `UNNEST(f.lines) AS l (${orderLineFields.map((field) => field.column).join(', ')})`;

/** How far back the queries look (also bounds what Athena scans: the day is the partition). */
export const LOOKBACK_DAYS = 90;
const since = (alias: string): string =>
  `${alias}.day >= CAST(current_date - INTERVAL '${LOOKBACK_DAYS}' DAY AS varchar)`;
const ratio = (part: string, whole: string): string => `round(CAST(${part} AS double) / nullif(${whole}, 0), 4)`;

/**
 * The lines each order finally came to, on the day it was placed — the business dashboard's
 * rule: a cancelled order counts nowhere; a picked order counts as picked (a substitute as the
 * product that went in the bag, an unavailable line not at all, at the final amount); an order
 * not picked yet counts as placed.
 */
const BAGGED_LINES = `WITH cancelled AS (
  SELECT DISTINCT f.order_id FROM {order_facts} f WHERE f.event_type = 'OrderCancelled' AND ${since('f')}
),
picked AS (
  SELECT DISTINCT f.order_id FROM {order_facts} f WHERE f.event_type = 'OrderPicked' AND ${since('f')}
),
placed AS (
  SELECT f.order_id, f.day FROM {order_facts} f
  WHERE f.event_type = 'OrderPlaced' AND ${since('f')} AND f.order_id NOT IN (SELECT c.order_id FROM cancelled c)
),
bagged AS (
  SELECT p.day, coalesce(l.substituteproductid, l.productid) AS product_id, l.category AS category, l.quantity AS quantity, l.cents AS cents
  FROM placed p
  JOIN {order_facts} f ON f.order_id = p.order_id
  CROSS JOIN ${LINES}
  WHERE ${since('f')} AND (
    (f.event_type = 'OrderPicked' AND l.result <> 'unavailable')
    OR (f.event_type = 'OrderPlaced' AND p.order_id NOT IN (SELECT k.order_id FROM picked k))
  )
)`;

export const analyticsQueries: readonly AnalyticsQuery[] = [
  {
    name: 'daily_sales',
    description: 'Sales per day and average order value: placed orders not cancelled, at their picked total once known',
    sql: `WITH placed AS (
  SELECT f.order_id, f.day, f.currency, f.total_cents
  FROM {order_facts} f
  WHERE f.event_type = 'OrderPlaced' AND ${since('f')}
),
cancelled AS (
  SELECT DISTINCT f.order_id FROM {order_facts} f WHERE f.event_type = 'OrderCancelled' AND ${since('f')}
),
picked AS (
  SELECT f.order_id, max(f.final_total_cents) AS final_total_cents
  FROM {order_facts} f
  WHERE f.event_type = 'OrderPicked' AND ${since('f')}
  GROUP BY f.order_id
)
SELECT p.day, p.currency,
  count(*) AS orders,
  sum(coalesce(k.final_total_cents, p.total_cents)) AS sales_cents,
  round(avg(coalesce(k.final_total_cents, p.total_cents))) AS average_order_cents
FROM placed p
LEFT JOIN picked k ON k.order_id = p.order_id
WHERE p.order_id NOT IN (SELECT c.order_id FROM cancelled c)
GROUP BY p.day, p.currency
ORDER BY p.day`,
    outputs: [
      { name: 'day', type: 'STRING' },
      { name: 'currency', type: 'STRING' },
      { name: 'orders', type: 'INTEGER' },
      { name: 'sales_cents', type: 'INTEGER' },
      { name: 'average_order_cents', type: 'DECIMAL' },
    ],
  },
  {
    name: 'top_products',
    description: 'Products by sales (units and amount as finally bagged, cancelled orders excluded), with their aisle',
    sql: `${BAGGED_LINES}
SELECT b.product_id, b.category, sum(b.quantity) AS units, sum(b.cents) AS sales_cents
FROM bagged b
GROUP BY b.product_id, b.category
ORDER BY sales_cents DESC, units DESC, b.product_id
LIMIT 100`,
    outputs: [
      { name: 'product_id', type: 'STRING' },
      { name: 'category', type: 'STRING' },
      { name: 'units', type: 'INTEGER' },
      { name: 'sales_cents', type: 'INTEGER' },
    ],
  },
  {
    name: 'sales_per_aisle',
    description: 'What each aisle sold per day placed, as finally bagged (the dashboard\'s sales per aisle)',
    sql: `${BAGGED_LINES}
SELECT b.day, b.category, sum(b.quantity) AS units, sum(b.cents) AS sales_cents
FROM bagged b
GROUP BY b.day, b.category
ORDER BY b.day, sales_cents DESC`,
    outputs: [
      { name: 'day', type: 'STRING' },
      { name: 'category', type: 'STRING' },
      { name: 'units', type: 'INTEGER' },
      { name: 'sales_cents', type: 'INTEGER' },
    ],
  },
  {
    name: 'slot_utilisation',
    description: 'Delivery slots booked over their capacity, per day and zone',
    sql: `SELECT s.day, s.zone_id AS zone_id,
  sum(s.booked) AS booked,
  sum(s.capacity) AS capacity,
  ${ratio('sum(s.booked)', 'sum(s.capacity)')} AS utilisation
FROM {slot_capacity} s
WHERE ${since('s')}
GROUP BY s.day, s.zone_id
ORDER BY s.day, s.zone_id`,
    outputs: [
      { name: 'day', type: 'STRING' },
      { name: 'zone_id', type: 'STRING' },
      { name: 'booked', type: 'INTEGER' },
      { name: 'capacity', type: 'INTEGER' },
      { name: 'utilisation', type: 'DECIMAL' },
    ],
  },
  {
    name: 'pick_fill_rate',
    description:
      "Lines picked per day of picking: fill rate (picked or substituted ÷ lines) and as-ordered rate (picked ÷ lines), the dashboard's picking figures",
    sql: `SELECT f.day,
  count(*) AS orders_picked,
  sum(cardinality(f.lines)) AS lines,
  ${ratio("sum(cardinality(filter(f.lines, l -> l.result <> 'unavailable')))", 'sum(cardinality(f.lines))')} AS fill_rate,
  ${ratio("sum(cardinality(filter(f.lines, l -> l.result = 'picked')))", 'sum(cardinality(f.lines))')} AS as_ordered_rate,
  sum(f.short_picks) AS unavailable
FROM {order_facts} f
WHERE f.event_type = 'OrderPicked' AND ${since('f')}
GROUP BY f.day
ORDER BY f.day`,
    outputs: [
      { name: 'day', type: 'STRING' },
      { name: 'orders_picked', type: 'INTEGER' },
      { name: 'lines', type: 'INTEGER' },
      { name: 'fill_rate', type: 'DECIMAL' },
      { name: 'as_ordered_rate', type: 'DECIMAL' },
      { name: 'unavailable', type: 'INTEGER' },
    ],
  },
  {
    name: 'substitution_rate',
    description: 'Share of picked lines substituted, and of orders with at least one substitution, per day of picking',
    sql: `SELECT f.day,
  sum(f.substitutions) AS substitutions,
  ${ratio('sum(f.substitutions)', 'sum(cardinality(f.lines))')} AS substitution_rate,
  ${ratio('count_if(f.substitutions > 0)', 'count(*)')} AS orders_with_substitutions
FROM {order_facts} f
WHERE f.event_type = 'OrderPicked' AND ${since('f')}
GROUP BY f.day
ORDER BY f.day`,
    outputs: [
      { name: 'day', type: 'STRING' },
      { name: 'substitutions', type: 'INTEGER' },
      { name: 'substitution_rate', type: 'DECIMAL' },
      { name: 'orders_with_substitutions', type: 'DECIMAL' },
    ],
  },
];

/** The Glue tables the queries read, by their `{placeholder}` name. */
export const ANALYTICS_TABLES = { order_facts: 'order_facts', slot_capacity: 'slot_capacity' } as const;

/** The SQL with its tables named as `qualify` says (identity: unqualified). */
export function renderQuery(query: AnalyticsQuery, qualify: (table: string) => string = (table) => table): string {
  return query.sql.replace(/\{(order_facts|slot_capacity)\}/g, (_, table: keyof typeof ANALYTICS_TABLES) =>
    qualify(ANALYTICS_TABLES[table]),
  );
}
