import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { sleep } from '@gomart/async';
import { HealthRegistry } from '@gomart/health';
import { CatalogSearch } from './catalog-search';
import { CatalogSeeder } from './catalog-seeder';

const RETRY_MS = 2000;

/**
 * What a catalog instance does before it serves listings, in the background so the process
 * answers at once: seed an empty catalog (first start), then build the search index. Until
 * then readiness says so (503), and listings answer 503 with Retry-After.
 */
@Injectable()
export class CatalogWarmUp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Catalog');
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    @Inject(CatalogSeeder) private readonly seeder: CatalogSeeder,
    @Inject(CatalogSearch) private readonly search: CatalogSearch,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register({
      name: 'catalog',
      required: true,
      probe: async () => {
        if (!this.search.ready) throw new Error('building the search index');
      },
    });
    this.running = this.warmUp();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Resolves once listings can be served (for tools that need the catalog ready). */
  whenReady(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async warmUp(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.seeder.seedIfEmpty();
        await this.search.rebuild();
        return;
      } catch (error) {
        this.logger.warn(`catalog not ready yet (${error instanceof Error ? error.message : String(error)}); retrying`);
        await sleep(RETRY_MS);
      }
    }
  }
}
