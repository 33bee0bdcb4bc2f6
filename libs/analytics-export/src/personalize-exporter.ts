import { Inject, Injectable } from '@nestjs/common';
import { interactionsCsv, itemsCsv, type CatalogItem, type HistoryOrder } from '@gomart/recommendations';
import { EXPORT_SINK, type ExportSink } from './export-sink';
import { ORDER_FACT_REPOSITORY, type OrderFactRepository } from './order-fact.repository';

export interface PersonalizeExportResult {
  readonly interactions: number;
  readonly items: number;
  readonly locations: { readonly interactions: string; readonly items: string };
}

/** Where Amazon Personalize imports from (deploy/ grants it `personalize/` only); keys carry the export date. */
export function personalizeKeys(day: string): { interactions: string; items: string } {
  return { interactions: `personalize/${day}/interactions.csv`, items: `personalize/${day}/items.csv` };
}

/**
 * The order history as Amazon Personalize's datasets, for the seed's ML pipeline: one
 * interaction per (placed order, line) and one item per product ever ordered (its last price
 * and aisle), read from the recorded facts a page at a time and written to the export sink.
 */
@Injectable()
export class PersonalizeExporter {
  constructor(
    @Inject(ORDER_FACT_REPOSITORY) private readonly facts: OrderFactRepository,
    @Inject(EXPORT_SINK) private readonly sink: ExportSink,
  ) {}

  async export(now = new Date()): Promise<PersonalizeExportResult> {
    const keys = personalizeKeys(now.toISOString().slice(0, 10));
    const orders: HistoryOrder[] = [];
    const items = new Map<string, CatalogItem>();
    for await (const page of this.facts.all()) {
      for (const fact of page) {
        if (fact.type !== 'OrderPlaced' || !fact.lines) continue;
        orders.push({ orderId: fact.orderId, customerId: fact.customerId, placedAt: fact.placedAt ?? fact.occurredAt, lines: fact.lines });
        for (const line of fact.lines) {
          const priceCents = line.unitPriceCents ?? Math.round(line.cents / Math.max(1, line.quantity));
          items.set(line.productId, { id: line.productId, category: line.category ?? 'unknown', name: line.name ?? line.productId, priceCents });
        }
      }
    }
    orders.sort((a, b) => a.placedAt.localeCompare(b.placedAt));
    const interactions = await collect(interactionsCsv(orders));
    const catalog = await collect(itemsCsv([...items.values()].sort((a, b) => a.id.localeCompare(b.id))));
    return {
      interactions: interactions.rows,
      items: catalog.rows,
      locations: {
        interactions: await this.sink.write(keys.interactions, interactions.text, 'text/csv'),
        items: await this.sink.write(keys.items, catalog.text, 'text/csv'),
      },
    };
  }
}

async function collect(rows: AsyncGenerator<string>): Promise<{ text: string; rows: number }> {
  const parts: string[] = [];
  for await (const row of rows) parts.push(row);
  return { text: parts.join(''), rows: parts.length - 1 };
}
