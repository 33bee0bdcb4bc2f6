import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { SlotCalendar } from './slot-calendar';
import { SlotHolds } from './slot-holds.service';
import { SLOT_STORE, type SlotStore } from './slot.store';
import { DELIVERY_ZONES } from './zones';
import { addDays, localDay } from './zoned-time';

/** The calendar is extended this often (slots open a day at a time). */
const CALENDAR_EVERY_MS = 6 * 3600_000;

/**
 * Opens the coming days' slots at start and every few hours, and gives back the places of
 * expired holds every SLOT_SWEEP_INTERVAL_MS. It reads the slots themselves (a zone's coming
 * week is a few dozen items), never an index that could disagree with them. Safe on every
 * instance at once: every write is conditional.
 */
@Injectable()
export class SlotSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Slots');
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<number>;

  constructor(
    @Inject(SLOT_STORE) private readonly slots: SlotStore,
    @Inject(SlotHolds) private readonly holds: SlotHolds,
    @Inject(SlotCalendar) private readonly calendar: SlotCalendar,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.calendar.extend().catch((error: unknown) => this.logger.warn(`slots not opened yet: ${describe(error)}`));
    this.timers.push(setInterval(() => void this.calendar.extend().catch(() => undefined), CALENDAR_EVERY_MS).unref());
    const interval = this.config.fulfilment.sweepIntervalMs;
    if (interval > 0) this.timers.push(setInterval(() => void this.sweepOnce(), interval).unref());
  }

  async onApplicationShutdown(): Promise<void> {
    this.timers.forEach(clearInterval);
    await this.running;
  }

  /** Frees every hold expired by `now` (the clock, unless a test sweeps as of a later moment); how many. */
  sweepOnce(now = Date.now()): Promise<number> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: number): Promise<number> {
    let freed = 0;
    for (const zone of DELIVERY_ZONES) {
      try {
        const yesterday = addDays(localDay(new Date(now), zone.timeZone), -1).replaceAll('-', '');
        for (const slot of await this.slots.listFrom(zone.id, `${zone.id}-${yesterday}`)) freed += await this.holds.releaseExpired(slot, now);
      } catch (error) {
        this.logger.warn(`sweeping the slots of ${zone.id} failed: ${describe(error)}`);
      }
    }
    return freed;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
