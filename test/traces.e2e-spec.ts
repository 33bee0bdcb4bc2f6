import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocalIssuer, type LocalIssuer } from '@gomart/auth';
import { EmbeddedDynamo } from '@gomart/dynamo';
import { freePort, OtlpReceiver, ServiceProcess, waitFor, type ReceivedSpan } from '@gomart/testing';

/**
 * Traces in the split shape for real: the built orders, catalog and notifications apps as
 * child processes on real sockets (static discovery, one DynamoDB-API server), each exporting
 * its spans over OTLP/HTTP to a collector this test runs. An order must make one trace, from
 * the orders service's HTTP span through the catalog's RPC spans to the notification's
 * consumer span, and every log line the order causes, in every service, carries its trace id.
 */
const SPAN_KIND = { server: 2, client: 3, consumer: 5 } as const;

let receiver: OtlpReceiver;
let dynamo: EmbeddedDynamo;
let dataDir: string;
let issuer: LocalIssuer;
const started: ServiceProcess[] = [];
let catalog: ServiceProcess;
let orders: ServiceProcess;
let notifications: ServiceProcess;

beforeAll(async () => {
  [receiver, dynamo, dataDir] = await Promise.all([OtlpReceiver.start(), EmbeddedDynamo.start(), mkdtemp(join(tmpdir(), 'gomart-traces-'))]);
  issuer = await loadLocalIssuer(join(dataDir, 'keys'));
  const [catalogTcp, ordersTcp, notificationsTcp] = await Promise.all([freePort(), freePort(), freePort()]);
  const common = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SEED_DEMO_CATALOG: 'false',
    DISCOVERY: 'static',
    STATIC_SERVICES: `catalog=127.0.0.1:${catalogTcp};orders=127.0.0.1:${ordersTcp};notifications=127.0.0.1:${notificationsTcp}`,
    EVENT_CONSUMERS: 'catalog,notifications',
    CACHE_MEMORY_TTL_MS: '0',
    ORDER_SWEEP_INTERVAL_MS: '0',
    TRACING: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    TRACING_EXPORT_DELAY_MS: '100',
  };
  const start = (app: string, env: Record<string, string>) => {
    // Three Node processes starting beside other work on two cores: more than the default 30 s.
    const service = ServiceProcess.start({ app, env: { ...common, ...env }, startTimeoutMs: 90_000 });
    started.push(service);
    return service;
  };
  // The catalog logs each internal call at debug; orders writes its EMF lines every half second.
  catalog = start('catalog', { TCP_PORT: String(catalogTcp), LOG_LEVEL: 'debug' });
  orders = start('orders', { TCP_PORT: String(ordersTcp), METRICS_EMF_INTERVAL_MS: '500' });
  notifications = start('notifications', { TCP_PORT: String(notificationsTcp) });
  await Promise.all(started.map((service) => service.url));
}, 120_000);

afterAll(async () => {
  await Promise.all(started.map((service) => service.stop('SIGKILL')));
  await Promise.all([receiver?.stop(), dynamo?.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

async function newProduct(): Promise<string> {
  const response = await fetch(`${await catalog.url}/catalog/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issuer.sign({ sub: 'ada', groups: ['admin'] })}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'TR-1', name: 'Traced Tea', brand: 'Test', category: 'pantry', priceCents: 450, unit: 'each', stock: 10 }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A trace is one tree when every span's parent is in it, and one span (the root) has none. */
function isOneTree(spans: readonly ReceivedSpan[]): boolean {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans.filter((span) => !span.parentSpanId).length === 1 && spans.every((span) => !span.parentSpanId || ids.has(span.parentSpanId));
}

it('an order in split mode is one trace across orders, catalog and notifications, and their log lines carry its id', async () => {
  const product = await newProduct();
  const requestId = `traced-${randomUUID()}`;
  const response = await fetch(`${await orders.url}/orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${issuer.sign({ sub: 'trace-tina', email: 'tina@customers.gomart.example' })}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      'x-request-id': requestId,
    },
    body: JSON.stringify({ lines: [{ productId: product, quantity: 2 }] }),
  });
  expect(response.status).toBe(201);
  const orderId = ((await response.json()) as { id: string }).id;

  // The trace is the one of the orders service's request span.
  const root = await waitFor('the orders request span', async () =>
    receiver.spans.find((span) => span.service === 'orders' && span.kind === SPAN_KIND.server && span.attributes['gomart.request_id'] === requestId),
  );
  expect(root).toMatchObject({ name: 'POST /orders', parentSpanId: undefined, attributes: { 'http.route': '/orders', 'http.response.status_code': 201 } });

  // Spans of one trace arrive from three processes at their own pace: wait until it is whole.
  const spans = await waitFor(
    'the whole trace',
    async () => {
      const trace = receiver.trace(root.traceId);
      const consumed = trace.some((span) => span.service === 'notifications' && span.kind === SPAN_KIND.consumer && span.name === 'process OrderPlaced');
      return consumed && isOneTree(trace) ? trace : undefined;
    },
    { timeoutMs: 20_000 },
  );
  expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['orders', 'catalog', 'notifications']));

  // orders → catalog: each reservation is a client span in orders whose child is the catalog's server span.
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const reserve = spans.find((span) => span.service === 'catalog' && span.kind === SPAN_KIND.server && span.name === 'catalog.reserve.v1');
  expect(reserve).toBeDefined();
  expect(byId.get(reserve!.parentSpanId!)).toMatchObject({ service: 'orders', kind: SPAN_KIND.client, name: 'catalog.reserve.v1' });
  // The catalog's own DynamoDB call sits under its RPC span: the reservation's conditional update.
  expect(spans.some((span) => span.service === 'catalog' && span.name === 'DynamoDB.UpdateItem' && byId.get(span.parentSpanId!)?.name === 'catalog.reserve.v1')).toBe(true);
  expect(spans.some((span) => span.service === 'orders' && span.name.startsWith('DynamoDB.') && span.attributes['rpc.service'] === 'DynamoDB')).toBe(true);

  // orders → notifications: the event's consumer span, with the mail's own work inside it.
  const consumer = spans.find((span) => span.service === 'notifications' && span.name === 'process OrderPlaced')!;
  expect(consumer.attributes['gomart.order_id']).toBe(orderId);
  expect(spans.some((span) => span.service === 'notifications' && span.name.startsWith('DynamoDB.') && span.parentSpanId === consumer.spanId)).toBe(true);

  // One trace: no span of this request went into another.
  expect(receiver.spans.filter((span) => span.attributes['gomart.request_id'] === requestId).every((span) => span.traceId === root.traceId)).toBe(true);

  // Every log line of the request, in every service, names the trace next to the request id.
  await waitFor('the mail line in the notifications log', async () =>
    notifications.logs.some((line) => line.requestId === requestId && String(line.msg).startsWith('mail to customer')) ? true : undefined,
  );
  await waitFor('the request line in the orders log', async () =>
    orders.logs.some((line) => line.requestId === requestId && line.msg === 'request' && line.status === 201) ? true : undefined,
  );
  for (const service of [orders, catalog, notifications]) {
    const lines = service.logs.filter((line) => line.requestId === requestId);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.traceId !== root.traceId)).toEqual([]);
  }
  expect(catalog.logs.filter((line) => line.requestId === requestId && line.msg === 'rpc').map((line) => line.pattern)).toEqual(
    expect.arrayContaining(['catalog.price-products.v1', 'catalog.reserve.v1']),
  );
  expect(receiver.rejected).toEqual([]);
});

it('writes its metrics as CloudWatch Embedded Metric Format lines that count the order', async () => {
  interface EmfLine {
    readonly _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
    readonly [field: string]: unknown;
  }
  const emf = () => orders.logs.filter((line): line is EmfLine & Record<string, unknown> => typeof line._aws === 'object' && line._aws !== null);
  const placed = await waitFor('an EMF line with OrdersPlaced', async () => emf().find((line) => typeof line.OrdersPlaced === 'number'));
  expect(placed).toMatchObject({ Service: 'orders', OrdersPlaced: expect.any(Number) });
  expect(placed._aws.CloudWatchMetrics).toEqual([{ Namespace: 'GoMart', Dimensions: [['Service']], Metrics: [{ Name: 'OrdersPlaced', Unit: 'Count' }] }]);
  for (const line of emf()) {
    expect(line._aws.Timestamp).toEqual(expect.any(Number));
    for (const directive of line._aws.CloudWatchMetrics) {
      expect(directive.Namespace).toBe('GoMart');
      // Every metric a directive names, and every dimension, is a field of the line itself.
      for (const metric of directive.Metrics) expect(line[metric.Name]).toBeDefined();
      for (const dimension of directive.Dimensions.flat()) expect(typeof line[dimension]).toBe('string');
    }
  }
});
