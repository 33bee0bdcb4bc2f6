import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { loadLocalIssuer, type LocalIssuer } from '@gomart/auth';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoConnection, EmbeddedDynamo } from '@gomart/dynamo';
import { connectTestDynamo, TestTables as Tables, freePort, MotoServer, ServiceProcess, waitFor } from '@gomart/testing';

/**
 * The AWS event path with its AWS parts on moto_server: orders publishes to an SNS topic,
 * which fans out to one SQS queue per consumer (raw delivery, dead-letter queue after two
 * receives); notifications and analytics-export read their queues. Catalog over TCP with
 * static discovery. All four are the built apps, as processes.
 */
let moto: MotoServer;
let dynamo: EmbeddedDynamo;
let connection: DynamoConnection;
let dataDir: string;
let issuer: LocalIssuer;
let sqs: SQSClient;
let sns: SNSClient;
let topicArn: string;
const queues: Record<string, { url: string; dlqUrl: string }> = {};
const started: ServiceProcess[] = [];
let ordersUrl: string;
let catalogUrl: string;

const aws = () => ({
  region: 'ap-southeast-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  endpoint: moto.endpoint,
});

beforeAll(async () => {
  [moto, dynamo, dataDir] = await Promise.all([MotoServer.start(), EmbeddedDynamo.start(), mkdtemp(join(tmpdir(), 'gomart-sns-'))]);
  issuer = await loadLocalIssuer(join(dataDir, 'keys'));
  connection = await connectTestDynamo(dynamo.endpoint);
  sqs = new SQSClient(aws());
  sns = new SNSClient(aws());
  // What the CDK estate provisions in AWS.
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'order-events' }))).TopicArn!;
  for (const consumer of ['notifications', 'analytics-export']) {
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${consumer}-dlq` }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const url = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: consumer,
          Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
        }),
      )
    ).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: 'true' } }));
    queues[consumer] = { url, dlqUrl };
  }

  const catalogTcp = await freePort();
  const common = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_ENDPOINT: moto.endpoint,
    STATIC_SERVICES: `catalog=127.0.0.1:${catalogTcp}`,
    EVENTS_TRANSPORT: 'sns',
    CACHE_MEMORY_TTL_MS: '0',
  };
  const service = async (app: string, env: Record<string, string>) => {
    const process = ServiceProcess.start({ app, env: { ...common, TCP_PORT: String(await freePort()), ...env } });
    started.push(process);
    return process.url;
  };
  [catalogUrl, ordersUrl] = await Promise.all([
    service('catalog', { TCP_PORT: String(catalogTcp), SEED_PRODUCT_COUNT: '50' }),
    service('orders', { EVENTS_TOPIC_ARN: topicArn }),
    service('notifications', { EVENTS_QUEUE_URL: queues.notifications!.url }),
    service('analytics-export', { EVENTS_QUEUE_URL: queues['analytics-export']!.url }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((process) => process.stop('SIGKILL')));
  await connection?.close();
  await Promise.all([moto?.stop(), dynamo?.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

const queued = async (url: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
};

async function scan(table: typeof Tables.notifications | typeof Tables.analyticsEvents) {
  return (await connection.client.send(new ScanCommand({ TableName: connection.tableName(table) }))).Items ?? [];
}

it('delivers OrderPlaced through SNS and SQS to both consumers, and empties their queues', async () => {
  const product = ((await (await fetch(`${catalogUrl}/catalog/products?limit=1`)).json()) as { items: { id: string }[] }).items[0]!.id;
  const response = await fetch(`${ordersUrl}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issuer.sign({ sub: 'sns-alice' })}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ lines: [{ productId: product, quantity: 1 }] }),
  });
  expect(response.status).toBe(201);
  const orderId = ((await response.json()) as { id: string }).id;

  await waitFor('the notification', async () => ((await scan(Tables.notifications)).some((item) => item.orderId === orderId) ? true : undefined), { timeoutMs: 20_000 });
  await waitFor('the analytics fact', async () => ((await scan(Tables.analyticsEvents)).some((item) => item.orderId === orderId) ? true : undefined), { timeoutMs: 20_000 });
  await waitFor('the queues to drain', async () => ((await queued(queues.notifications!.url)) + (await queued(queues['analytics-export']!.url)) === 0 ? true : undefined));
});

it('handles a redelivered event once: one mail, one fact', async () => {
  const event: OrderEvent = {
    type: 'OrderStatusChanged',
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    orderId: 'ord_redelivered',
    customerId: 'sns-bob',
    from: 'PLACED',
    to: 'PICKING',
  };
  for (let copy = 0; copy < 3; copy++) await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(event) }));
  await waitFor('the queues to drain', async () => ((await queued(queues.notifications!.url)) + (await queued(queues['analytics-export']!.url)) === 0 ? true : undefined), { timeoutMs: 20_000 });
  expect((await readdir(join(dataDir, 'mail'))).filter((file) => file.startsWith(event.eventId))).toHaveLength(1);
  expect((await scan(Tables.analyticsEvents)).filter((item) => item.eventId === event.eventId)).toHaveLength(1);
});

it('moves a message that is not an order event to the dead-letter queue', async () => {
  await sqs.send(new SendMessageCommand({ QueueUrl: queues.notifications!.url, MessageBody: '{"hello":"world"}' }));
  await waitFor('the dead-letter queue', async () => ((await queued(queues.notifications!.dlqUrl)) === 1 ? true : undefined), { timeoutMs: 25_000, intervalMs: 500 });
  expect(await queued(queues.notifications!.url)).toBe(0);
});
