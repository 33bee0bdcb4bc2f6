import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';
import { OrderFacts, type OrderFact } from './order-facts';

/** Where the export bucket's Glue table (deploy/lib/constructs/analytics-lake.ts) expects the facts. */
export const ORDER_FACTS_PREFIX = 'order-facts';

/** One line of the export: the fields the Glue/Athena `order_facts` table reads. */
export interface ExportedFact {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly totalCents?: number;
  readonly currency?: string;
  readonly lines?: readonly { productId: string; quantity: number; priceCents: number }[];
}

export interface ExportResult {
  readonly day: string;
  readonly facts: number;
  readonly location: string;
}

/**
 * Writes a day's order facts as JSON lines to `s3://EXPORT_BUCKET/order-facts/day=YYYY-MM-DD/`
 * (a Hive partition Athena and QuickSight read), or to DATA_DIR/exports locally. One object per
 * day, rewritten whole on each run, so re-exporting is idempotent. Runs on request and every
 * ANALYTICS_EXPORT_INTERVAL_MS for today and yesterday (so late facts of yesterday land too).
 */
@Injectable()
export class SalesExporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SalesExport');
  private readonly s3?: S3Client;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OrderFacts) private readonly facts: OrderFacts,
  ) {
    if (config.analyticsExport.bucket) {
      this.s3 = new S3Client({ ...awsClientConfig(config.aws), forcePathStyle: Boolean(config.aws.endpoint) });
    }
  }

  onApplicationBootstrap(): void {
    const interval = this.config.analyticsExport.intervalMs;
    if (interval > 0) this.timer = setInterval(() => void this.exportRecent(), interval).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.s3?.destroy();
  }

  async exportDay(day: string): Promise<ExportResult> {
    const facts = await this.facts.ofDay(day);
    const body = facts.map((fact) => JSON.stringify(toExported(fact))).join('\n') + (facts.length ? '\n' : '');
    const key = `${ORDER_FACTS_PREFIX}/day=${day}/facts.json`;
    const { bucket, localDir } = this.config.analyticsExport;
    if (this.s3 && bucket) {
      await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/x-ndjson' }));
      return { day, facts: facts.length, location: `s3://${bucket}/${key}` };
    }
    const file = join(localDir, key);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(`${file}.tmp`, body);
    await rename(`${file}.tmp`, file);
    return { day, facts: facts.length, location: file };
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

function toExported(fact: OrderFact): ExportedFact {
  const status = fact.type === 'OrderPlaced' ? 'PLACED' : fact.type === 'OrderCancelled' ? 'CANCELLED' : String(fact.to);
  return {
    eventId: fact.eventId,
    type: fact.type,
    occurredAt: fact.occurredAt,
    orderId: fact.orderId,
    customerId: fact.customerId,
    status,
    totalCents: fact.totalCents,
    currency: fact.currency,
    lines: fact.lines?.map(({ productId, quantity, unitPriceCents }) => ({ productId, quantity, priceCents: unitPriceCents })),
  };
}
