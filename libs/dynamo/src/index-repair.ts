import { DeleteCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from './table-definition';

type Item = Record<string, unknown>;

const PLACEHOLDER = 'indexRepairPlaceholder';

export interface IndexRepairReport {
  /** Index entries that pointed at no item (or at an item under other key values), removed. */
  readonly ghostsDropped: number;
  /** Items with an index's key attributes but no entry in it, re-indexed. */
  readonly entriesRestored: number;
}

/**
 * Removes one index entry whose item does not exist: a placeholder item carrying exactly the
 * entry's key values is written (only if no item has that key) and deleted at once; deleting
 * it deletes the entry. Each step is one conditional single-item write.
 */
export async function dropGhostIndexEntry(client: DynamoDBDocumentClient, tableName: string, entry: Item, tableKeys: readonly string[]): Promise<boolean> {
  const key = Object.fromEntries(tableKeys.map((name) => [name, entry[name]]));
  const keyNames = Object.fromEntries(tableKeys.map((name, index) => [`#k${index}`, name]));
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...entry, [PLACEHOLDER]: true },
        ConditionExpression: tableKeys.map((_, index) => `attribute_not_exists(#k${index})`).join(' AND '),
        ExpressionAttributeNames: keyNames,
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
  await client.send(
    new DeleteCommand({ TableName: tableName, Key: key, ConditionExpression: 'attribute_exists(#p)', ExpressionAttributeNames: { '#p': PLACEHOLDER } }),
  );
  return true;
}

async function scanAll(client: DynamoDBDocumentClient, tableName: string, attributes: readonly string[], indexName?: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        IndexName: indexName,
        ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name])),
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const valuesOf = (item: Item, names: readonly string[]) => JSON.stringify(names.map((name) => item[name] ?? null));

/**
 * Makes a table's global indexes agree with its items again. Only for the embedded engine
 * (dynalite) after an unclean stop: it writes an item's index entries and the item itself as
 * separate steps, so a `kill -9` between them leaves entries pointing at nothing (ghosts, or
 * an item under old key values) and items missing from an index — a PENDING order the
 * sweeper never finds. DynamoDB itself keeps indexes consistent; this never runs there.
 * Run before the process serves: it rewrites items to fix their entries.
 */
export async function repairIndexes(client: DynamoDBDocumentClient, tableName: string, table: TableDefinition): Promise<IndexRepairReport> {
  const tableKeys = [table.partitionKey.name, ...(table.sortKey ? [table.sortKey.name] : [])];
  const indexes = Object.entries(table.indexes).map(([name, index]) => ({
    name,
    keys: [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])],
  }));
  if (indexes.length === 0) return { ghostsDropped: 0, entriesRestored: 0 };
  const allKeys = [...new Set([...tableKeys, ...indexes.flatMap((index) => index.keys)])];
  const items = new Map((await scanAll(client, tableName, allKeys)).map((item) => [valuesOf(item, tableKeys), item]));
  let ghostsDropped = 0;
  let entriesRestored = 0;
  for (const index of indexes) {
    const entryKeys = [...new Set([...tableKeys, ...index.keys])];
    const entries = await scanAll(client, tableName, entryKeys, index.name);
    const indexed = new Set<string>();
    for (const entry of entries) {
      const item = items.get(valuesOf(entry, tableKeys));
      if (item && valuesOf(item, index.keys) === valuesOf(entry, index.keys)) {
        indexed.add(valuesOf(entry, tableKeys));
        continue;
      }
      if (!item) {
        if (await dropGhostIndexEntry(client, tableName, entry, tableKeys)) ghostsDropped += 1;
        continue;
      }
      // The item exists under other key values: give it the entry's values, then its own back;
      // the second write deletes the stale entry and writes the right one (if it has keys).
      await setIndexKeys(client, tableName, item, tableKeys, index.keys, entry);
      await setIndexKeys(client, tableName, item, tableKeys, index.keys, item);
      ghostsDropped += 1;
      indexed.add(valuesOf(entry, tableKeys));
    }
    for (const [key, item] of items) {
      if (indexed.has(key) || index.keys.some((name) => item[name] === undefined)) continue;
      await setIndexKeys(client, tableName, item, tableKeys, index.keys, item);
      entriesRestored += 1;
    }
  }
  return { ghostsDropped, entriesRestored };
}

/** Sets (or removes, where `values` lacks them) an item's index key attributes: the engine rewrites its index entries. */
async function setIndexKeys(client: DynamoDBDocumentClient, tableName: string, item: Item, tableKeys: readonly string[], keys: readonly string[], values: Item): Promise<void> {
  const set = keys.filter((name) => values[name] !== undefined);
  const remove = keys.filter((name) => values[name] === undefined);
  const names = Object.fromEntries(keys.map((name, index) => [`#i${index}`, name]));
  const expression = [
    set.length ? `SET ${set.map((name) => `#i${keys.indexOf(name)} = :v${keys.indexOf(name)}`).join(', ')}` : '',
    remove.length ? `REMOVE ${remove.map((name) => `#i${keys.indexOf(name)}`).join(', ')}` : '',
  ].join(' ').trim();
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: Object.fromEntries(tableKeys.map((name) => [name, item[name]])),
      UpdateExpression: expression,
      ConditionExpression: `attribute_exists(#t)`,
      ExpressionAttributeNames: { ...names, '#t': tableKeys[0]! },
      ...(set.length ? { ExpressionAttributeValues: Object.fromEntries(set.map((name) => [`:v${keys.indexOf(name)}`, values[name]])) } : {}),
    }),
  );
}
