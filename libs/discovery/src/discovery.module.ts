import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';
import { CloudMapDiscovery } from './cloud-map-discovery';
import { CloudMapRegistration } from './cloud-map-registration';
import { DISCOVERY, type Discovery } from './discovery';
import { StaticDiscovery } from './static-discovery';

const SERVICE_NAME = Symbol('SERVICE_NAME');

/**
 * This instance's entry in Cloud Map, when it registers itself (CLOUDMAP_REGISTER=true: not
 * managed by ECS). Registered once the TCP listener is up; deregistered first thing on
 * shutdown, before the drain, so callers stop choosing it while in-flight calls finish.
 */
@Injectable()
export class ServiceRegistration implements OnModuleDestroy {
  private readonly logger = new Logger('Discovery');
  private readonly registration?: CloudMapRegistration;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(SERVICE_NAME) service: string) {
    const { discovery, transport } = config;
    if (discovery.mode !== 'cloudmap' || !discovery.register) return;
    this.registration = new CloudMapRegistration(new ServiceDiscoveryClient(awsClientConfig(config.aws)), {
      namespace: discovery.namespace,
      service,
      instanceId: `${service}-${transport.advertiseHost}-${transport.port}`.replace(/[^A-Za-z0-9_.-]/g, '-'),
      host: transport.advertiseHost,
      port: transport.port,
    });
  }

  async register(): Promise<void> {
    await this.registration?.register();
  }

  async onModuleDestroy(): Promise<void> {
    try {
      await this.registration?.deregister();
    } catch (error) {
      this.logger.warn(`deregistration failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * How split services find each other: `static` addresses from configuration, or AWS Cloud Map.
 * Chosen by DISCOVERY; the service name is what this app registers as.
 */
@Global()
@Module({})
export class DiscoveryModule {
  static register(options: { service: string }): DynamicModule {
    return {
      module: DiscoveryModule,
      providers: [
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: DISCOVERY, inject: [APP_CONFIG], useFactory: (config: AppConfig): Discovery => createDiscovery(config) },
        ServiceRegistration,
      ],
      exports: [DISCOVERY, ServiceRegistration],
    };
  }
}

function createDiscovery(config: AppConfig): Discovery {
  const { discovery } = config;
  if (discovery.mode === 'static') return new StaticDiscovery(discovery.services);
  return new CloudMapDiscovery(new ServiceDiscoveryClient(awsClientConfig(config.aws)), discovery.namespace, discovery.cacheTtlMs);
}
