import { DynamoConnection, DynamoTable, EmbeddedDynamo, type TableDefinition } from '@gomart/dynamo';
import { EventBusyError, IdempotentConsumer } from './idempotent-consumer';

const definition: TableDefinition = {
  id: 'consumer-test',
  owner: 'notifications',
  partitionKey: { name: 'eventId', type: 'S' },
  indexes: {},
};

let embedded: EmbeddedDynamo;
let connection: DynamoConnection;
let table: DynamoTable;

beforeAll(async () => {
  embedded = await EmbeddedDynamo.start();
  connection = await DynamoConnection.open({
    mode: 'endpoint',
    endpoint: embedded.endpoint,
    region: 'ap-southeast-2',
    tablePrefix: 'test-',
    createTables: true,
    timeoutMs: 3000,
  });
  await connection.register([definition]);
  table = new DynamoTable(connection.client, connection.tableName(definition), definition);
});

afterAll(async () => {
  await connection.close();
  await embedded.stop();
});

describe('IdempotentConsumer on a real DynamoDB API', () => {
  it('does the work once when the same event is delivered many times at the same moment', async () => {
    const consumer = new IdempotentConsumer(table, { leaseMs: 10_000 });
    let sent = 0;
    const work = async () => {
      sent += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { subject: 'Your order is confirmed' };
    };
    const deliveries = await Promise.allSettled(Array.from({ length: 8 }, () => consumer.once('evt-concurrent', work)));
    expect(sent).toBe(1);
    expect(deliveries.filter((d) => d.status === 'fulfilled' && d.value === 'handled')).toHaveLength(1);
    for (const delivery of deliveries) {
      if (delivery.status === 'rejected') expect(delivery.reason).toBeInstanceOf(EventBusyError);
    }
    // A redelivery after the work is done is a duplicate; the record holds what the work returned.
    await expect(consumer.once('evt-concurrent', work)).resolves.toBe('duplicate');
    expect(sent).toBe(1);
    expect(await table.get({ eventId: 'evt-concurrent' })).toMatchObject({ consumerState: 'done', subject: 'Your order is confirmed' });
  });

  it('lets the next delivery retry at once when the work failed', async () => {
    const consumer = new IdempotentConsumer(table, { leaseMs: 60_000 });
    await expect(consumer.once('evt-failing', async () => Promise.reject(new Error('SES is down')))).rejects.toThrow('SES is down');
    await expect(consumer.once('evt-failing', async () => ({}))).resolves.toBe('handled');
  });

  it('takes over a claim whose holder crashed, once its lease has passed', async () => {
    const crashed = new IdempotentConsumer(table, { leaseMs: 1 });
    const never = crashed.once('evt-crashed', () => new Promise<Record<string, unknown>>(() => undefined));
    void never;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = new IdempotentConsumer(table, { leaseMs: 10_000 });
    const claims: boolean[] = [];
    await expect(next.once('evt-crashed', async ({ retried }) => (claims.push(retried), { note: 'resent' }))).resolves.toBe('handled');
    await expect(next.once('evt-crashed', async () => ({}))).resolves.toBe('duplicate');
    // The work is told it follows a delivery that may have done part of it.
    expect(claims).toEqual([true]);
  });

  it('tells the work whether an earlier delivery claimed the event and never finished', async () => {
    const consumer = new IdempotentConsumer(table, { leaseMs: 60_000 });
    const claims: boolean[] = [];
    await consumer.once('evt-first', async ({ retried }) => (claims.push(retried), {}));
    await expect(consumer.once('evt-after-failure', async () => Promise.reject(new Error('timed out')))).rejects.toThrow();
    await consumer.once('evt-after-failure', async ({ retried }) => (claims.push(retried), {}));
    expect(claims).toEqual([false, true]);
  });
});
