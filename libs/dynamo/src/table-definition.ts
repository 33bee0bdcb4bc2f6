import type { ServiceName } from '@gomart/contracts';

/**
 * How a domain declares a DynamoDB table it owns (`<domain>.tables.ts`). The app creates the
 * tables from these definitions when DYNAMODB_CREATE_TABLES is on (embedded dynalite, moto,
 * tests) and the CDK app in `deploy/` builds the real tables from the same objects, so the
 * two cannot drift. Renaming a table, key or index is a data migration in every deployed
 * environment.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** ALL copies the whole item; KEYS_ONLY keeps index writes cheap for hot items. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical id; the physical name is `${prefix}${id}`. */
  readonly id: string;
  /** The only service allowed to read or write the table. */
  readonly owner: ServiceName;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Global secondary indexes, by name (the key is the index name in DynamoDB). */
  readonly indexes: Readonly<Record<string, IndexDefinition>>;
  /** Change stream for export and archival (AWS only: dynalite ignores it). */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Epoch-seconds attribute after which DynamoDB may delete the item (AWS only). */
  readonly timeToLiveAttribute?: string;
}

export function physicalTableName(prefix: string, table: Pick<TableDefinition, 'id'>): string {
  return `${prefix}${table.id}`;
}

/** The indexes of a table as a list, for code that builds or inspects them all. */
export function indexesOf(table: TableDefinition): { readonly name: string; readonly index: IndexDefinition }[] {
  return Object.entries(table.indexes).map(([name, index]) => ({ name, index }));
}
