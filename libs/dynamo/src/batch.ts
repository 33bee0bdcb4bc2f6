import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { mapConcurrently, sleep } from '@gomart/async';

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

const WRITE_BATCH = 25;
const GET_BATCH = 100;
const MAX_ROUNDS = 8;

/**
 * Writes any number of put/delete requests in batches of 25, several batches at a time,
 * retrying what DynamoDB leaves unprocessed (throttling) with exponential back-off.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
  concurrency = 8,
): Promise<void> {
  await mapConcurrently(chunk(requests, WRITE_BATCH), concurrency, (batch) => writeBatch(client, table, batch));
}

async function writeBatch(client: DynamoDBDocumentClient, table: string, batch: readonly WriteRequest[]) {
  let pending = [...batch];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`BatchWrite on ${table}: ${pending.length} items still unprocessed`);
    if (round > 0) await sleep(2 ** round * 10);
    const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
  }
}

/** Reads items by key, 100 per call, retrying unprocessed keys. Order of the result is unspecified. */
export async function batchGetAll<T extends Item>(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  projection?: { expression: string; names: Record<string, string> },
): Promise<T[]> {
  const found: T[] = [];
  await Promise.all(
    chunk(keys, GET_BATCH).map(async (batch) => {
      let pending: Item[] = [...batch];
      for (let round = 0; pending.length > 0; round++) {
        if (round >= MAX_ROUNDS) throw new Error(`BatchGet on ${table}: ${pending.length} keys still unprocessed`);
        if (round > 0) await sleep(2 ** round * 10);
        const result = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [table]: {
                Keys: pending,
                ProjectionExpression: projection?.expression,
                ExpressionAttributeNames: projection?.names,
              },
            },
          }),
        );
        found.push(...((result.Responses?.[table] ?? []) as T[]));
        pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }),
  );
  return found;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
