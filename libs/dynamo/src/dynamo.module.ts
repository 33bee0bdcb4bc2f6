import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { HealthRegistry } from '@gomart/health';
import { DynamoConnection } from './dynamo-connection';
import { ConfigurableDynamoModule, DYNAMO_OPTIONS, type DynamoOptions } from './dynamo-options';
import { DynamoTable } from './dynamo-table';
import type { TableDefinition } from './table-definition';

/** The injection token of one table's `DynamoTable`. */
export function tableToken(table: Pick<TableDefinition, 'id'>): string {
  return `DynamoTable:${table.id}`;
}

/** Injects the `DynamoTable` of a table the module declared with `DynamoModule.forFeature`. */
export const InjectTable = (table: Pick<TableDefinition, 'id'>) => Inject(tableToken(table));

/**
 * The process-wide DynamoDB connection (`forRoot`, once, in the app) and the tables a domain
 * module owns (`forFeature`, in the domain module): each declared table is created at start
 * when configured, and injectable as a `DynamoTable`. This module knows no domain's tables.
 */
@Global()
@Module({
  providers: [
    {
      provide: DynamoConnection,
      inject: [DYNAMO_OPTIONS],
      useFactory: (options: DynamoOptions) => DynamoConnection.open(options),
    },
  ],
  exports: [DynamoConnection],
})
export class DynamoModule extends ConfigurableDynamoModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DynamoConnection) private readonly connection: DynamoConnection,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    super();
  }

  onModuleInit(): void {
    this.health.register({ name: 'dynamodb', probe: () => this.connection.ping(), required: true });
  }

  static forFeature(tables: readonly TableDefinition[]): DynamicModule {
    const providers: Provider[] = tables.map((table) => ({
      provide: tableToken(table),
      inject: [DynamoConnection],
      useFactory: async (connection: DynamoConnection) => {
        await connection.register([table]);
        return new DynamoTable(connection.client, connection.tableName(table), table);
      },
    }));
    return { module: DynamoFeatureModule, providers, exports: providers.map((provider) => (provider as { provide: string }).provide) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Module({})
class DynamoFeatureModule {}
