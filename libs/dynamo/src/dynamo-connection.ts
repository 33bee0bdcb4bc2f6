import { Logger } from '@nestjs/common';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './dynamo-client';
import type { DynamoOptions } from './dynamo-options';
import { EmbeddedDynamo } from './embedded-dynamo';
import { repairIndexes, type IndexRepairReport } from './index-repair';
import { ensureTables } from './table-bootstrap';
import { physicalTableName, type TableDefinition } from './table-definition';

/**
 * The process's DynamoDB: the document client, physical table names, and — when the
 * configuration asks for it — the embedded dynalite server behind them.
 */
export class DynamoConnection {
  private readonly registered = new Set<TableDefinition>();

  private constructor(
    readonly client: DynamoDBDocumentClient,
    private readonly tablePrefix: string,
    private readonly createTables: boolean,
    private readonly embedded?: EmbeddedDynamo,
    /** The embedded engine keeps its data on disk: what a previous process left may need repair. */
    private readonly persisted = false,
  ) {}

  /** What the index repair at start found, per table (embedded and persisted only). */
  readonly repairs = new Map<string, IndexRepairReport>();

  static async open(config: DynamoOptions): Promise<DynamoConnection> {
    const embedded = config.mode === 'embedded' ? await EmbeddedDynamo.start(config.embeddedPath) : undefined;
    const client = createDocumentClient({
      region: config.region,
      endpoint: embedded?.endpoint ?? config.endpoint,
      timeoutMs: config.timeoutMs,
    });
    return new DynamoConnection(client, config.tablePrefix, config.createTables, embedded, Boolean(embedded && config.embeddedPath));
  }

  /** Where the embedded server listens, for tools and tests; undefined when not embedded. */
  get embeddedEndpoint(): string | undefined {
    return this.embedded?.endpoint;
  }

  tableName(table: Pick<TableDefinition, 'id'>): string {
    return physicalTableName(this.tablePrefix, table);
  }

  /** Declares tables this process uses; creates the missing ones when configured to. */
  async register(tables: readonly TableDefinition[]): Promise<void> {
    tables.forEach((table) => this.registered.add(table));
    if (this.createTables) await ensureTables(this.client, this.tablePrefix, tables);
    // The embedded engine on disk may have been killed between writing an item and its index
    // entries (see index-repair.ts): repair before anything reads the indexes.
    if (this.persisted) {
      for (const table of tables) {
        if (Object.keys(table.indexes).length === 0 || this.repairs.has(table.id)) continue;
        const report = await repairIndexes(this.client, this.tableName(table), table);
        this.repairs.set(table.id, report);
        if (report.ghostsDropped + report.entriesRestored > 0) {
          new Logger('Dynamo').warn(`index repair of ${this.tableName(table)}: ${report.ghostsDropped} ghost entries dropped, ${report.entriesRestored} entries restored`);
        }
      }
    }
  }

  /** Readiness probe: the first registered table answers a DescribeTable. */
  async ping(): Promise<void> {
    const [table] = this.registered;
    if (!table) return;
    await this.client.send(new DescribeTableCommand({ TableName: this.tableName(table) }));
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.embedded?.stop();
  }
}
