import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { EXPORT_SINK, type ExportSink } from './export-sink';
import { ORDER_FACTS_PREFIX, orderFactFields, orderLineFields } from './exported-fields';
import type { OrderFact } from './order-fact';
import { ORDER_FACT_REPOSITORY, type OrderFactRepository } from './order-fact.repository';

/** One line of the export: exactly the fields of `orderFactFields` (the Glue table reads them). */
export type ExportedFact = Readonly<Record<string, unknown>>;

export interface ExportResult {
  readonly day: string;
  readonly facts: number;
  readonly location: string;
}

/**
 * Writes a day's order facts as JSON lines to `order-facts/day=YYYY-MM-DD/facts.json` in the
 * export sink (a Hive partition Athena and QuickSight read). One object per day, rewritten
 * whole on each run, so re-exporting is idempotent. Runs on request and every
 * ANALYTICS_EXPORT_INTERVAL_MS for today and yesterday (so late facts of yesterday land too).
 */
@Injectable()
export class SalesExporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SalesExport');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ORDER_FACT_REPOSITORY) private readonly facts: OrderFactRepository,
    @Inject(EXPORT_SINK) private readonly sink: ExportSink,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.analyticsExport.intervalMs;
    if (interval > 0) this.timer = setInterval(() => void this.exportRecent(), interval).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async exportDay(day: string): Promise<ExportResult> {
    const facts = await this.facts.ofDay(day);
    const body = facts.map((fact) => JSON.stringify(toExported(fact))).join('\n') + (facts.length ? '\n' : '');
    const location = await this.sink.write(`${ORDER_FACTS_PREFIX}day=${day}/facts.json`, body, 'application/x-ndjson');
    return { day, facts: facts.length, location };
  }

  private async exportRecent(): Promise<void> {
    const today = new Date();
    const yesterday = new Date(today.getTime() - 86_400_000);
    for (const day of [yesterday, today].map((date) => date.toISOString().slice(0, 10))) {
      try {
        await this.exportDay(day);
      } catch (error) {
        this.logger.warn(`export of ${day} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

const STATUS_AFTER: Readonly<Record<OrderFact['type'], string | undefined>> = {
  OrderPlaced: 'PLACED',
  OrderPicked: 'OUT_FOR_DELIVERY',
  OrderCancelled: 'CANCELLED',
  OrderStatusChanged: undefined,
};

/** A fact as the export writes it: the listed fields only, lines with the listed line fields. */
export function toExported(fact: OrderFact): ExportedFact {
  const values: Record<string, unknown> = {
    ...fact,
    status: STATUS_AFTER[fact.type] ?? fact.to,
    lines: fact.lines?.map((line) => {
      const exported: Record<string, unknown> = { ...line, priceCents: line.unitPriceCents, finalCents: fact.type === 'OrderPlaced' ? undefined : line.cents };
      return pick(exported, orderLineFields.map((field) => field.json));
    }),
  };
  return pick(values, orderFactFields.map((field) => field.json));
}

function pick(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => values[name] !== undefined).map((name) => [name, values[name]]));
}
