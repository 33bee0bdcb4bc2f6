import type { ServiceAddress } from '@gomart/config';
import type { Discovery, ServiceInstance } from './discovery';

/** Addresses from configuration (STATIC_SERVICES), for running the split services on one machine. */
export class StaticDiscovery implements Discovery {
  private readonly byService: ReadonlyMap<string, readonly ServiceInstance[]>;

  constructor(services: Readonly<Partial<Record<string, readonly ServiceAddress[]>>>) {
    this.byService = new Map(
      Object.entries(services).map(([name, addresses]) => [
        name,
        (addresses ?? []).map(({ host, port }) => ({ id: `${host}:${port}`, host, port })),
      ]),
    );
  }

  async instances(service: string): Promise<readonly ServiceInstance[]> {
    return this.byService.get(service) ?? [];
  }

  /** Static addresses do not change; the caller's failover moves on to the next one. */
  reportFailure(): void {}
}
