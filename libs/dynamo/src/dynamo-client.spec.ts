import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './dynamo-client';
import { EmbeddedDynamo } from './embedded-dynamo';

// The shop's client converts document commands itself (so its base client can keep resolved
// middleware); lib-dynamodb's own client, against the same table, is what it must equal.
let embedded: EmbeddedDynamo;
let ours: DynamoDBDocumentClient;
let stock: DynamoDBDocumentClient;
const TableName = 'client-test';

beforeAll(async () => {
  embedded = await EmbeddedDynamo.start();
  ours = createDocumentClient({ region: 'ap-southeast-2', endpoint: embedded.endpoint, timeoutMs: 3000 });
  const base = new DynamoDBClient({
    region: 'ap-southeast-2',
    endpoint: embedded.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  stock = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  await base.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
});

afterAll(async () => {
  ours.destroy();
  stock.destroy();
  await embedded.stop();
});

/** Every kind of value an item of the shop holds, and some it might. */
function item(pk: string, sk: number): Record<string, unknown> {
  return {
    pk,
    sk,
    name: `Gala apples ${sk}`,
    empty: '',
    priceCents: 349,
    weight: 0.25,
    onSale: false,
    nothing: null,
    gone: undefined,
    tags: new Set(['fruit', 'local']),
    counts: new Set([1, 2, 3]),
    lines: [{ productId: 'a', quantity: 2, notes: undefined }, 'loose', 7],
    labels: { aisle: 'produce', nested: { deep: [true, null] } },
    bytes: new Uint8Array([1, 2, 3]),
  };
}

/** What each client answers, without the response metadata (request ids differ). */
async function both(command: () => object): Promise<[unknown, unknown]> {
  const send = async (client: DynamoDBDocumentClient) => {
    const { $metadata: _, ...output } = (await client.send(command() as never)) as Record<string, unknown>;
    return output;
  };
  return [await send(ours), await send(stock)];
}

describe('the document client', () => {
  it('writes items as lib-dynamodb does: the stored attributes are the same', async () => {
    await ours.send(new PutCommand({ TableName, Item: item('ours', 1) }));
    await stock.send(new PutCommand({ TableName, Item: item('stock', 1) }));
    const raw = async (pk: string) => {
      const { Item } = await ours.send(new GetItemCommand({ TableName, Key: { pk: { S: pk }, sk: { N: '1' } } }));
      return { ...Item, pk: undefined };
    };
    const stored = await raw('ours');
    expect(stored).toEqual(await raw('stock'));
    expect(stored).toMatchObject({
      priceCents: { N: '349' },
      tags: { SS: ['fruit', 'local'] },
      nothing: { NULL: true },
    });
    expect(stored).not.toHaveProperty('gone');
  });

  it('answers gets, queries and scans with the same items', async () => {
    await Promise.all([2, 3, 4].map((sk) => ours.send(new PutCommand({ TableName, Item: item('many', sk) }))));
    const [got, gotStock] = await both(
      () => new GetCommand({ TableName, Key: { pk: 'many', sk: 3 }, ConsistentRead: true }),
    );
    expect(got).toEqual(gotStock);
    expect(got).toMatchObject({
      Item: { pk: 'many', sk: 3, tags: new Set(['fruit', 'local']), labels: { nested: { deep: [true, null] } } },
    });
    const page = () =>
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': 'many', ':from': 2 },
        ExclusiveStartKey: { pk: 'many', sk: 2 },
        Limit: 1,
      });
    const [queried, queriedStock] = await both(page);
    expect(queried).toEqual(queriedStock);
    expect(queried).toMatchObject({ Count: 1, Items: [{ sk: 3 }], LastEvaluatedKey: { pk: 'many', sk: 3 } });
    const [scanned, scannedStock] = await both(
      () => new ScanCommand({ TableName, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'many' } }),
    );
    expect(scanned).toEqual(scannedStock);
    expect((scanned as { Items: unknown[] }).Items).toHaveLength(3);
  });

  it('updates, conditions and deletes as lib-dynamodb does, with the values returned', async () => {
    await ours.send(new PutCommand({ TableName, Item: { pk: 'counter', sk: 1, n: 1 } }));
    const add = () =>
      new UpdateCommand({
        TableName,
        Key: { pk: 'counter', sk: 1 },
        UpdateExpression: 'ADD n :one SET #lines = list_append(if_not_exists(#lines, :none), :line)',
        ExpressionAttributeNames: { '#lines': 'lines' },
        ConditionExpression: 'n < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': 100, ':none': [], ':line': [{ at: 'x' }] },
        ReturnValues: 'ALL_NEW',
      });
    expect((await ours.send(add())).Attributes).toEqual({ pk: 'counter', sk: 1, n: 2, lines: [{ at: 'x' }] });
    expect((await stock.send(add())).Attributes).toEqual({
      pk: 'counter',
      sk: 1,
      n: 3,
      lines: [{ at: 'x' }, { at: 'x' }],
    });
    const refused = new UpdateCommand({
      TableName,
      Key: { pk: 'counter', sk: 1 },
      UpdateExpression: 'SET n = :n',
      ConditionExpression: 'n = :was',
      ExpressionAttributeValues: { ':n': 0, ':was': 99 },
    });
    await expect(ours.send(refused)).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const removed = await ours.send(
      new DeleteCommand({ TableName, Key: { pk: 'counter', sk: 1 }, ReturnValues: 'ALL_OLD' }),
    );
    expect(removed.Attributes).toMatchObject({ n: 3 });
    expect((await ours.send(new GetCommand({ TableName, Key: { pk: 'counter', sk: 1 } }))).Item).toBeUndefined();
  });

  it('writes and reads batches as lib-dynamodb does', async () => {
    const keys = [10, 11, 12].map((sk) => ({ pk: 'batch', sk }));
    const written = await ours.send(
      new BatchWriteCommand({
        RequestItems: { [TableName]: keys.map((key) => ({ PutRequest: { Item: { ...key, tags: new Set(['a']) } } })) },
      }),
    );
    expect(written.UnprocessedItems ?? {}).toEqual({});
    const [read, readStock] = await both(
      () => new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }),
    );
    const sorted = (output: unknown) =>
      (output as { Responses: Record<string, { sk: number }[]> }).Responses[TableName]!.sort((a, b) => a.sk - b.sk);
    expect(sorted(read)).toEqual(sorted(readStock));
    expect(sorted(read)).toEqual(keys.map((key) => ({ ...key, tags: new Set(['a']) })));
    await ours.send(
      new BatchWriteCommand({ RequestItems: { [TableName]: keys.map((Key) => ({ DeleteRequest: { Key } })) } }),
    );
    expect(
      (
        await ours.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'batch' },
          }),
        )
      ).Count,
    ).toBe(0);
  });

  it('sends many commands of one kind at once, each with its own input', async () => {
    // One resolved stack per kind of command: a stack that kept its first command's input
    // would write one item forty times.
    await Promise.all(
      Array.from({ length: 40 }, (_, sk) =>
        ours.send(new PutCommand({ TableName, Item: { pk: 'burst', sk, label: `item ${sk}` } })),
      ),
    );
    const { Items } = await ours.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'burst' },
      }),
    );
    expect(Items?.map((stored) => stored.label)).toEqual(Array.from({ length: 40 }, (_, sk) => `item ${sk}`));
  });
});
