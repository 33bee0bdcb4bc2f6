import {
  DiscoverInstancesCommand,
  HealthStatusFilter,
  type ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { Logger } from '@nestjs/common';
import type { Discovery, ServiceInstance } from './discovery';

interface CacheEntry {
  readonly instances: readonly ServiceInstance[];
  readonly expiresAt: number;
}

/** How long an instance that failed a connection stays out of rotation, unless a refresh shows it healthy. */
const SUSPECT_MS = 5000;

/**
 * AWS Cloud Map: DiscoverInstances (healthy only), cached for `cacheTtlMs`, refreshed when the
 * cache expires and as soon as a caller reports a failed instance. Concurrent lookups of one
 * service share a single API call.
 */
export class CloudMapDiscovery implements Discovery {
  private readonly logger = new Logger('Discovery');
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lookups = new Map<string, Promise<readonly ServiceInstance[]>>();
  private readonly suspects = new Map<string, number>();

  constructor(
    private readonly client: ServiceDiscoveryClient,
    private readonly namespace: string,
    private readonly cacheTtlMs: number,
  ) {}

  async instances(service: string): Promise<readonly ServiceInstance[]> {
    const cached = this.cache.get(service);
    const instances = cached && cached.expiresAt > Date.now() ? cached.instances : await this.refresh(service, cached);
    const now = Date.now();
    const healthy = instances.filter((instance) => (this.suspects.get(instance.id) ?? 0) < now);
    // If every instance is suspect, offer them all rather than nothing: one may have recovered.
    return healthy.length > 0 ? healthy : instances;
  }

  reportFailure(service: string, instance: ServiceInstance): void {
    this.suspects.set(instance.id, Date.now() + SUSPECT_MS);
    const cached = this.cache.get(service);
    if (cached) this.cache.set(service, { ...cached, expiresAt: 0 });
  }

  private refresh(service: string, stale?: CacheEntry): Promise<readonly ServiceInstance[]> {
    let lookup = this.lookups.get(service);
    if (!lookup) {
      lookup = this.discover(service)
        .then((instances) => {
          this.cache.set(service, { instances, expiresAt: Date.now() + this.cacheTtlMs });
          return instances;
        })
        .catch((error: unknown) => {
          // Cloud Map unreachable: keep using what we knew rather than fail every call.
          this.logger.warn(`DiscoverInstances for ${service} failed: ${error instanceof Error ? error.message : String(error)}`);
          if (stale) return stale.instances;
          throw error;
        })
        .finally(() => this.lookups.delete(service));
      this.lookups.set(service, lookup);
    }
    return lookup;
  }

  private async discover(service: string): Promise<ServiceInstance[]> {
    const { Instances = [] } = await this.client.send(
      new DiscoverInstancesCommand({
        NamespaceName: this.namespace,
        ServiceName: service,
        HealthStatus: HealthStatusFilter.HEALTHY,
        MaxResults: 100,
      }),
    );
    return Instances.flatMap((instance) => {
      const host = instance.Attributes?.AWS_INSTANCE_IPV4;
      const port = Number(instance.Attributes?.AWS_INSTANCE_PORT);
      return host && Number.isInteger(port) && port > 0 ? [{ id: instance.InstanceId ?? `${host}:${port}`, host, port }] : [];
    });
  }
}
