import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { HealthRegistry } from '@gomart/health';
import { DynamoConnection } from './dynamo-connection';
import type { TableDefinition } from './tables';

/** Provides the process-wide DynamoConnection. Import once, in the root module. */
@Global()
@Module({
  providers: [
    {
      provide: DynamoConnection,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => DynamoConnection.open(config.dynamo),
    },
  ],
  exports: [DynamoConnection],
})
export class DynamoModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DynamoConnection) private readonly connection: DynamoConnection,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register({ name: 'dynamodb', probe: () => this.connection.ping(), required: true });
  }

  /** A domain module declares the tables it owns; they are created at start when configured. */
  static forFeature(tables: readonly TableDefinition[]): DynamicModule {
    const token = Symbol(`tables:${tables.map((table) => table.id).join(',')}`);
    return {
      module: DynamoFeatureModule,
      providers: [
        {
          provide: token,
          inject: [DynamoConnection],
          useFactory: (connection: DynamoConnection) => connection.register(tables),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Module({})
class DynamoFeatureModule {}
