import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';

export type FaultPoint =
  | { readonly point: 'after-reserving'; readonly reserved: number }
  | { readonly point: 'after-booking' }
  | { readonly point: 'before-publish' };

/**
 * Crash injection for the recovery tests, which run the built app as a child process and
 * need it to die at a precise step. Configured by ORDER_FAULT, accepted only with
 * NODE_ENV=test; otherwise every checkpoint is a no-op.
 */
@Injectable()
export class OrderFaults {
  private readonly logger = new Logger('OrderFaults');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  checkpoint(at: FaultPoint): void {
    const fault = this.config.orders.fault;
    if (!fault) return;
    const matches = at.point === 'after-reserving' ? fault === `crash-after-reserving:${at.reserved}` : fault === `crash-${at.point}`;
    if (!matches) return;
    this.logger.warn(`ORDER_FAULT=${fault}: killing the process now`);
    process.kill(process.pid, 'SIGKILL');
  }
}
