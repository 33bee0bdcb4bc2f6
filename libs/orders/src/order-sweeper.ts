import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { PlacementAttempt } from './placement-attempt';
import type { OrderRepository, SweepCursor } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

const BATCH = 100;
/** Pages of the index one pass reads at most (orders and ghosts alike). */
const MAX_PAGES = 20;

/**
 * Finds orders with unfinished work (the sparse bySweep index) and finishes it: resumes
 * placements a crash left PENDING once their lease has expired, releases or commits stock a
 * decision left pending, and publishes events still in an outbox. Safe to run on every
 * instance at once: every step is a conditional or idempotent write.
 */
@Injectable()
export class OrderSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OrderSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(PlacementAttempt) private readonly attempts: PlacementAttempt,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.orders.sweepIntervalMs;
    if (interval > 0) this.timer = setInterval(() => void this.sweepOnce(), interval).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * One pass over the orders due at `now` (the clock, unless a test sweeps as of a later
   * moment); returns how many were looked at. Overlapping calls share a pass.
   */
  sweepOnce(now = Date.now()): Promise<number> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: number): Promise<number> {
    let looked = 0;
    try {
      // Page on past entries that point at nothing (a crash of the embedded engine leaves
      // them): dropped as they are met, they never hide the orders behind them.
      let start: SweepCursor | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const { entries, next } = await this.orders.dueForSweep(now, BATCH, start);
        await mapConcurrently(entries, 4, async (entry) => {
          try {
            if (await this.attempts.sweep(entry.id, now)) looked += 1;
            else await this.orders.dropSweepEntry(entry);
          } catch (error) {
            this.logger.warn(`sweeping ${entry.id} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
        if (!next || looked >= BATCH) break;
        start = next;
      }
      return looked;
    } catch (error) {
      this.logger.warn(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      return looked;
    }
  }
}
