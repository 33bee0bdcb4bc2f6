/**
 * The facts the recommender learns from, in the shape the order events carry them. The
 * generator produces these, the evaluation and the exports read them; the live module maps its
 * `OrderPlaced` / `OrderPicked` payloads onto them.
 */
export interface HistoryLine {
  readonly productId: string;
  readonly quantity: number;
}

/** One placed order: who, when (ISO-8601 UTC) and what. */
export interface HistoryOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly placedAt: string;
  readonly lines: readonly HistoryLine[];
}

/** What the recommender needs to know of a product: its aisle, and for the exports its price. */
export interface CatalogItem {
  readonly id: string;
  readonly category: string;
  readonly name: string;
  readonly priceCents: number;
}

/** A product id with the score that ranked it; higher is better. */
export interface ScoredProduct {
  readonly productId: string;
  readonly score: number;
}

/** The distinct product ids of an order's lines, in line order. */
export function distinctProducts(lines: readonly HistoryLine[]): string[] {
  return [...new Set(lines.map((line) => line.productId))];
}

/** A sync or async stream of values: the generator is sync, a table scan is async. */
export type Source<T> = Iterable<T> | AsyncIterable<T>;
