import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { indexesOf, physicalTableName, type KeyAttribute, type TableDefinition } from './table-definition';

/** Creates each table that does not exist yet (on-demand billing) and waits until it is active. */
export async function ensureTables(
  client: DynamoDBClient,
  prefix: string,
  tables: readonly TableDefinition[],
): Promise<string[]> {
  const created: string[] = [];
  for (const table of tables) {
    const name = physicalTableName(prefix, table);
    if (await tableExists(client, name)) continue;
    try {
      await client.send(new CreateTableCommand(createTableInput(name, table)));
      created.push(name);
    } catch (error) {
      // Another instance created it between our check and our create.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: name });
  }
  return created;
}

async function tableExists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

function createTableInput(name: string, table: TableDefinition) {
  const attributes = new Map<string, KeyAttribute>();
  const remember = (key?: KeyAttribute) => key && attributes.set(key.name, key);
  remember(table.partitionKey);
  remember(table.sortKey);
  for (const { index } of indexesOf(table)) {
    remember(index.partitionKey);
    remember(index.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()].map(
      (key): AttributeDefinition => ({ AttributeName: key.name, AttributeType: key.type }),
    ),
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    GlobalSecondaryIndexes: indexesOf(table).length
      ? indexesOf(table).map(({ name, index }) => ({
          IndexName: name,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: index.projection },
        }))
      : undefined,
    StreamSpecification: table.stream ? { StreamEnabled: true, StreamViewType: table.stream } : undefined,
  };
}

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) schema.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return schema;
}
