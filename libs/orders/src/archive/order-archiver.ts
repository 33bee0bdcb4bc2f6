import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import type { StoredOrder } from '../order';
import type { OrderRepository } from '../order.repository';
import { ARCHIVE_STORE, ORDER_REPOSITORY } from '../orders.tokens';
import { ArchiveIndex, type ArchiveEntry, type BatchSummary, type OpenBatch } from './archive-index';
import { decodeMember, decodeObject, encodeMember, sealOrder, type SealingKey } from './archive-record';
import { sha256Base64, type ArchiveStore } from './archive-store';

const DAY_MS = 86_400_000;
const SCAN_PAGE = 250;
const DELETES_IN_FLIGHT = 8;

/** What one run did, for the log, the CLI's summary and the tests. */
export interface ArchiveRunSummary {
  /** `busy`: another runner holds the lease; nothing was done. */
  readonly status: 'done' | 'busy';
  readonly cutoff: string;
  /** Batches a killed run had left open, finished (or abandoned when their object was never written). */
  readonly resumed: number;
  readonly batches: number;
  readonly archived: number;
  readonly superseded: number;
  readonly scanned: number;
  readonly bytes: number;
  readonly objects: readonly string[];
}

export interface ArchiveProgress {
  readonly scanned: number;
  readonly archived: number;
  readonly batches: number;
}

export interface ArchiveRunOptions {
  /** The clock, unless a test archives as of a later moment. */
  readonly now?: number;
  readonly onProgress?: (progress: ArchiveProgress) => void;
}

/** The manifest written next to each batch object. */
export interface BatchManifest {
  readonly format: 'gomart-orders-archive/1';
  readonly batchId: string;
  readonly month: string;
  readonly key: string;
  readonly count: number;
  /** SHA-256 of the object, base64 (S3's `ChecksumSHA256`). */
  readonly sha256: string;
  readonly bytes: number;
  readonly archivedAt: string;
  /** Each order's id and byte range: one gzip member per order. */
  readonly orders: readonly { readonly id: string; readonly customerId: string; readonly createdAt: string; readonly offset: number; readonly length: number }[];
}

class LeaseLost extends Error {
  constructor() {
    super('the archive lease was taken over by another runner; stopping');
  }
}

/**
 * Moves decided orders out of the hot table into the archive, in batches of one month each:
 * a gzip JSON-lines object and its manifest (ids, count, SHA-256). A batch is recorded in a
 * journal before its object is written, read back and verified before any order leaves the
 * hot table, indexed, and only then are its orders deleted, each on the condition that it is
 * still the version archived. A run killed at any step is finished by the next: the journal
 * says which batch was open, and every step after the object write is idempotent. One runner
 * at a time, by a lease item that it renews as it goes.
 */
@Injectable()
export class OrderArchiver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OrderArchiver');
  private timer?: NodeJS.Timeout;
  private running?: Promise<ArchiveRunSummary>;
  private batchesWritten = 0;

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(ArchiveIndex) private readonly index: ArchiveIndex,
    @Inject(ARCHIVE_STORE) private readonly store: ArchiveStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.archive.intervalMs;
    if (interval > 0) {
      this.timer = setInterval(() => {
        void this.run().catch((error: unknown) => this.logger.warn(`archive run failed: ${(error as Error).message}`));
      }, interval).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One run (overlapping calls in this process share it). */
  run(options: ArchiveRunOptions = {}): Promise<ArchiveRunSummary> {
    this.running ??= this.pass(options).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(options: ArchiveRunOptions): Promise<ArchiveRunSummary> {
    const now = options.now ?? Date.now();
    const cutoff = new Date(now - this.config.archive.afterDays * DAY_MS).toISOString();
    const lease = new Lease(this.index, `${process.pid}-${randomBytes(6).toString('hex')}`, this.config.archive.leaseMs);
    const summary = { status: 'done' as const, cutoff, resumed: 0, batches: 0, archived: 0, superseded: 0, scanned: 0, bytes: 0, objects: [] as string[] };
    if (!(await lease.acquire())) return { ...summary, status: 'busy' };
    const report = () => options.onProgress?.({ scanned: summary.scanned, archived: summary.archived, batches: summary.batches });
    const count = (done: BatchSummary | undefined) => {
      if (!done) return;
      summary.batches += 1;
      summary.archived += done.archived;
      summary.superseded += done.superseded.length;
      summary.objects.push(this.store.locate(done.key));
      report();
    };
    try {
      for (const open of await this.index.openBatches()) {
        summary.resumed += 1;
        count(await this.finish(open, lease));
      }
      const buffers = new Map<string, StoredOrder[]>();
      const flush = async (month: string) => {
        const batch = buffers.get(month) ?? [];
        buffers.delete(month);
        if (batch.length === 0) return;
        const written = await this.write(month, batch, lease);
        summary.bytes += written.bytes;
        count(await this.finish(written.open, lease));
      };
      let start: Record<string, unknown> | undefined;
      do {
        await lease.keep();
        const page = await this.orders.scanArchivable(cutoff, SCAN_PAGE, start);
        start = page.next;
        for (const order of page.orders) {
          summary.scanned += 1;
          const month = order.createdAt.slice(0, 7);
          const buffer = buffers.get(month) ?? [];
          buffer.push(order);
          buffers.set(month, buffer);
          if (buffer.length >= this.config.archive.batchSize) await flush(month);
        }
        // Memory stays bounded whatever the spread of months: at most two batches' worth is held.
        while (sum([...buffers.values()].map((b) => b.length)) > 2 * this.config.archive.batchSize) await flush(largest(buffers));
        report();
      } while (start);
      for (const month of [...buffers.keys()].sort()) await flush(month);
      return summary;
    } finally {
      await lease.release();
    }
  }

  /** Encodes and writes one batch: journal first, then the object (the manifest follows in `finish`). */
  private async write(month: string, orders: readonly StoredOrder[], lease: Lease): Promise<{ open: OpenBatch; bytes: number }> {
    const archivedAt = new Date().toISOString();
    const batchId = `${archivedAt.replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(4).toString('hex')}`;
    const keys = new Map<string, SealingKey>();
    for (const customerId of new Set(orders.map((order) => order.customerId))) keys.set(customerId, await this.index.sealingKeyFor(customerId));
    const members = orders.map((order) => encodeMember(sealOrder(order, keys.get(order.customerId), batchId, archivedAt)));
    let offset = 0;
    const layout = members.map((member, position) => {
      const entry = `${orders[position]!.id}:${offset}:${member.length}`;
      offset += member.length;
      return entry;
    });
    const body = Buffer.concat(members);
    const open: OpenBatch = {
      batchId,
      month,
      key: `orders/month=${month}/${batchId}.jsonl.gz`,
      manifestKey: `orders/month=${month}/${batchId}.manifest.json`,
      sha256: sha256Base64(body),
      count: orders.length,
      startedAt: archivedAt,
      layout: layout.join(','),
    };
    await lease.keep();
    await this.index.openBatch(open);
    this.fault('crash-after-journal');
    await this.store.put(open.key, body, open.sha256, 'application/gzip');
    this.fault('crash-after-object');
    return { open, bytes: body.length };
  }

  /**
   * Verifies a written batch and moves its orders out of the hot table. Safe to repeat at any
   * point: the manifest and the index are rewritten identically, an order already deleted is
   * counted as archived, one that changed since it was read stays hot and is unindexed.
   */
  private async finish(open: OpenBatch, lease: Lease): Promise<BatchSummary | undefined> {
    await lease.keep();
    const body = await this.store.get(open.key);
    if (!body) {
      // Killed before the object was written: no order was deleted, the next scan takes them again.
      await this.index.abandonBatch(open.batchId);
      this.logger.warn(`batch ${open.batchId} had no object; abandoned (its orders are still hot)`);
      return undefined;
    }
    const records = this.verify(open, body);
    const entries: ArchiveEntry[] = records.map(({ record, offset, length }) => ({
      orderId: String(record.order.id),
      customerId: String(record.order.customerId),
      createdAt: String(record.order.createdAt),
      month: open.month,
      batchId: open.batchId,
      key: open.key,
      offset,
      length,
    }));
    if (!(await this.store.get(open.manifestKey))) {
      const manifest: BatchManifest = {
        format: 'gomart-orders-archive/1',
        batchId: open.batchId,
        month: open.month,
        key: open.key,
        count: open.count,
        sha256: open.sha256,
        bytes: body.length,
        archivedAt: open.startedAt,
        orders: entries.map(({ orderId, customerId, createdAt, offset, length }) => ({ id: orderId, customerId, createdAt, offset, length })),
      };
      const text = Buffer.from(JSON.stringify(manifest, null, 1));
      await this.store.put(open.manifestKey, text, sha256Base64(text), 'application/json');
    }
    await lease.keep();
    await this.index.index(entries);
    this.fault('crash-after-index');
    const superseded: string[] = [];
    let deleted = 0;
    await mapConcurrently(entries, DELETES_IN_FLIGHT, async (entry, position) => {
      if (position === Math.floor(entries.length / 2)) this.fault('crash-mid-deletes');
      if (position % 200 === 0) await lease.keep();
      const outcome = await this.orders.deleteArchived({ id: entry.orderId, updatedAt: String(records[position]!.record.order.updatedAt) });
      if (outcome === 'changed') {
        await this.index.unindex(entry);
        superseded.push(entry.orderId);
      } else deleted += 1;
    });
    const summary: BatchSummary = { ...open, archived: deleted, superseded, doneAt: new Date().toISOString() };
    await this.index.closeBatch(summary);
    this.batchesWritten += 1;
    return summary;
  }

  /** The object is what was written (SHA-256), and each member decodes to the order the journal says. */
  private verify(open: OpenBatch, body: Buffer) {
    if (sha256Base64(body) !== open.sha256) {
      throw new Error(`archive object ${open.key} does not match its checksum: left open for inspection, nothing deleted`);
    }
    const layout = open.layout.split(',').map((part) => {
      const [id, offset, length] = part.split(':');
      return { id: id!, offset: Number(offset), length: Number(length) };
    });
    if (layout.length !== open.count || decodeObject(body).length !== open.count) {
      throw new Error(`archive object ${open.key} does not hold ${open.count} orders: left open, nothing deleted`);
    }
    return layout.map(({ id, offset, length }) => {
      const record = decodeMember(body.subarray(offset, offset + length));
      if (record.order.id !== id || record.batchId !== open.batchId) throw new Error(`archive object ${open.key}: member at ${offset} is not order ${id}`);
      return { record, offset, length };
    });
  }

  /** Tests only (NODE_ENV=test): die at a step of the second batch written or resumed by this process. */
  private fault(step: NonNullable<AppConfig['archive']['fault']>): void {
    if (this.config.archive.fault === step && this.batchesWritten === 1) process.kill(process.pid, 'SIGKILL');
  }
}

/** The runner's lease, renewed when a third of it has passed; losing it stops the run. */
class Lease {
  private renewedAt = 0;

  constructor(
    private readonly index: ArchiveIndex,
    readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  async acquire(): Promise<boolean> {
    const acquired = await this.index.acquireLease(this.owner, this.leaseMs);
    if (acquired) this.renewedAt = Date.now();
    return acquired;
  }

  async keep(): Promise<void> {
    if (Date.now() - this.renewedAt < this.leaseMs / 3) return;
    if (!(await this.index.renewLease(this.owner, this.leaseMs))) throw new LeaseLost();
    this.renewedAt = Date.now();
  }

  release(): Promise<void> {
    return this.index.releaseLease(this.owner);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function largest(buffers: Map<string, StoredOrder[]>): string {
  return [...buffers.entries()].sort((a, b) => b[1].length - a[1].length)[0]![0];
}
