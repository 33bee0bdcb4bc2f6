import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { ConfigurableModuleBuilder, Global, Inject, Injectable, Logger, Module, type OnModuleDestroy } from '@nestjs/common';
import { APP_NAME, awsClientConfig, type AppConfig, type AppName } from '@gomart/config';
import { CloudMapDiscovery } from './cloud-map-discovery';
import { CloudMapRegistration } from './cloud-map-registration';
import { DISCOVERY, type Discovery } from './discovery';
import { StaticDiscovery } from './static-discovery';

/** How this instance finds others and, with Cloud Map, announces itself. */
export interface DiscoveryOptions {
  readonly discovery: AppConfig['discovery'];
  readonly transport: Pick<AppConfig['transport'], 'advertiseHost' | 'port'>;
  readonly aws: AppConfig['aws'];
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: DISCOVERY_OPTIONS } = new ConfigurableModuleBuilder<DiscoveryOptions>()
  .setClassMethodName('forRoot')
  .build();

/**
 * This instance's entry in Cloud Map, when it registers itself (CLOUDMAP_REGISTER=true: not
 * managed by ECS). Registered once the TCP listener is up; deregistered first thing on
 * shutdown, before the drain, so callers stop choosing it while in-flight calls finish.
 */
@Injectable()
export class ServiceRegistration implements OnModuleDestroy {
  private readonly logger = new Logger('Discovery');
  private readonly registration?: CloudMapRegistration;

  constructor(@Inject(DISCOVERY_OPTIONS) options: DiscoveryOptions, @Inject(APP_NAME) service: AppName) {
    const { discovery, transport } = options;
    if (discovery.mode !== 'cloudmap' || !discovery.register) return;
    this.registration = new CloudMapRegistration(new ServiceDiscoveryClient(awsClientConfig(options.aws)), {
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
 * Chosen by DISCOVERY; the name this app registers as is its APP_NAME.
 */
@Global()
@Module({
  providers: [
    { provide: DISCOVERY, inject: [DISCOVERY_OPTIONS], useFactory: (options: DiscoveryOptions): Discovery => createDiscovery(options) },
    ServiceRegistration,
  ],
  exports: [DISCOVERY, ServiceRegistration],
})
export class DiscoveryModule extends ConfigurableModuleClass {}

function createDiscovery({ discovery, aws }: DiscoveryOptions): Discovery {
  if (discovery.mode === 'static') return new StaticDiscovery(discovery.services);
  return new CloudMapDiscovery(new ServiceDiscoveryClient(awsClientConfig(aws)), discovery.namespace, discovery.cacheTtlMs);
}
