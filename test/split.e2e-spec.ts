import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreatePrivateDnsNamespaceCommand,
  CreateServiceCommand,
  DeregisterInstanceCommand,
  DiscoverInstancesCommand,
  ListNamespacesCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { loadLocalIssuer, type LocalIssuer } from '@gomart/auth';
import { DynamoConnection, EmbeddedDynamo } from '@gomart/dynamo';
import { connectTestDynamo, TestTables as Tables, freePort, MotoServer, ServiceProcess, storedStock, waitFor } from '@gomart/testing';

/**
 * The split shape for real: the four built apps as child processes on real sockets, finding
 * each other through Cloud Map served by moto_server (AWS itself cannot run here), sharing a
 * DynamoDB-API server. Orders call the catalog over TCP; events go to the consumers over TCP.
 */
const NAMESPACE = 'gomart.test';
let moto: MotoServer;
let dynamo: EmbeddedDynamo;
let connection: DynamoConnection;
let cloudMap: ServiceDiscoveryClient;
let dataDir: string;
let issuer: LocalIssuer;
const serviceIds = new Map<string, string>();
const started: ServiceProcess[] = [];

interface Running {
  readonly process: ServiceProcess;
  readonly url: string;
  readonly tcpPort: number;
}

async function startService(app: string, env: Record<string, string> = {}): Promise<Running> {
  const tcpPort = await freePort();
  const process = ServiceProcess.start({
    app,
    env: {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SEED_DEMO_CATALOG: 'false',
      TCP_PORT: String(tcpPort),
      DISCOVERY: 'cloudmap',
      CLOUDMAP_NAMESPACE: NAMESPACE,
      AWS_ENDPOINT: moto.endpoint,
      CLOUDMAP_REGISTER: 'true',
      CLOUDMAP_CACHE_TTL_MS: '300',
      RPC_TIMEOUT_MS: '700',
      RPC_RETRIES: '3',
      CACHE_MEMORY_TTL_MS: '0',
      ORDER_SWEEP_INTERVAL_MS: '0',
      ...env,
    },
  });
  started.push(process);
  return { process, url: await process.url, tcpPort };
}

async function instancesOf(service: string): Promise<string[]> {
  const { Instances = [] } = await cloudMap.send(
    new DiscoverInstancesCommand({ NamespaceName: NAMESPACE, ServiceName: service }),
  );
  return Instances.map((instance) => String(instance.Attributes?.AWS_INSTANCE_PORT));
}

let catalogA: Running;
let catalogB: Running;
let orders: Running;
let notifications: Running;
let admin: string;

beforeAll(async () => {
  [moto, dynamo, dataDir] = await Promise.all([
    MotoServer.start(),
    EmbeddedDynamo.start(),
    mkdtemp(join(tmpdir(), 'gomart-split-')),
  ]);
  issuer = await loadLocalIssuer(join(dataDir, 'keys'));
  admin = issuer.sign({ sub: 'ada', groups: ['admin'] });
  connection = await connectTestDynamo(dynamo.endpoint);
  // What the CDK estate provisions in AWS: the namespace and one Cloud Map service per app.
  cloudMap = new ServiceDiscoveryClient({
    region: 'ap-southeast-2',
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    disableHostPrefix: true,
  });
  await cloudMap.send(new CreatePrivateDnsNamespaceCommand({ Name: NAMESPACE, Vpc: 'vpc-local' }));
  const { Namespaces = [] } = await cloudMap.send(new ListNamespacesCommand({}));
  const namespaceId = Namespaces.find((namespace) => namespace.Name === NAMESPACE)!.Id;
  for (const name of ['catalog', 'orders', 'notifications', 'analytics-export']) {
    const { Service } = await cloudMap.send(
      new CreateServiceCommand({ Name: name, NamespaceId: namespaceId, DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 10 }] } }),
    );
    serviceIds.set(name, Service!.Id!);
  }

  [catalogA, catalogB, orders, notifications] = await Promise.all([
    startService('catalog', { SHUTDOWN_DRAIN_MS: '1000', LOG_LEVEL: 'debug' }),
    startService('catalog', { SHUTDOWN_DRAIN_MS: '1000', LOG_LEVEL: 'debug' }),
    startService('orders'),
    startService('notifications'),
    startService('analytics-export'),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((service) => service.stop('SIGKILL')));
  await connection?.close();
  await Promise.all([moto?.stop(), dynamo?.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

let skus = 0;
async function newProduct(stock: number): Promise<string> {
  skus += 1;
  const live = [catalogA, catalogB].find(({ process }) => process.child.exitCode === null && process.child.signalCode === null);
  const response = await fetch(`${live!.url}/catalog/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sku: `SP-${skus}`, name: `Split Item ${skus}`, brand: 'Test', category: 'pantry', priceCents: 199, unit: 'each', stock }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function placeOrder(productId: string, customer = `c-${randomUUID()}`, quantity = 1, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(`${orders.url}/orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${issuer.sign({ sub: customer })}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...headers,
    },
    body: JSON.stringify({ lines: [{ productId, quantity }] }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, ms: performance.now() - started };
}

/** Places orders `concurrency` at a time until `stop()` resolves; returns every status. */
function orderContinuously(productId: string, concurrency: number) {
  const statuses: number[] = [];
  let stopped = false;
  const workers = Array.from({ length: concurrency }, async () => {
    while (!stopped) statuses.push((await placeOrder(productId)).status);
  });
  return {
    statuses,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      return statuses;
    },
  };
}

it('registers every service in Cloud Map', async () => {
  expect((await instancesOf('catalog')).sort()).toEqual([String(catalogA.tcpPort), String(catalogB.tcpPort)].sort());
  for (const service of ['orders', 'notifications', 'analytics-export']) expect(await instancesOf(service)).toHaveLength(1);
});

it('places an order through orders → catalog over TCP, and the events reach notifications', async () => {
  const product = await newProduct(10);
  const placed = await placeOrder(product, 'split-alice', 3);
  expect(placed.status).toBe(201);
  expect(placed.body).toMatchObject({ status: 'PLACED', totalCents: 3 * 199, lines: [{ productId: product, name: expect.stringContaining('Split Item') }] });
  expect(await storedStock(connection, product)).toMatchObject({ stock: 7, reserved: 3 });

  await waitFor('the notification mail', async () => {
    const mails = await readdir(join(dataDir, 'mail')).catch(() => []);
    return mails.length > 0 ? true : undefined;
  });
  // The consumer records what it sent once the send returned: the record may trail the mail file.
  await waitFor('the notification record', async () => {
    const { Items = [] } = await connection.client.send(new ScanCommand({ TableName: connection.tableName(Tables.notifications) }));
    return Items.some((item) => item.orderId === placed.body.id) ? true : undefined;
  });
  // Each consumer handles the event on its own: the mail says nothing about when the fact is done.
  await waitFor('the fact in analytics', async () => {
    const facts = await connection.client.send(new ScanCommand({ TableName: connection.tableName(Tables.analyticsEvents) }));
    return facts.Items?.some((item) => item.orderId === placed.body.id) ? true : undefined;
  });
});

it('delivers the events to the catalog too, whose recommendations learn the order', async () => {
  const product = await newProduct(10);
  const placed = await placeOrder(product, 'split-rita', 1);
  expect(placed.status).toBe(201);
  // Either catalog instance may have received the event; the counters are shared (DynamoDB).
  await waitFor('the basket in the recommender', async () => {
    const { Items = [] } = await connection.client.send(new ScanCommand({ TableName: connection.tableName(Tables.recommendationBaskets) }));
    return Items.some((item) => item.orderId === placed.body.id && item.consumerState === 'done') ? true : undefined;
  });
  const response = await fetch(`${catalogA.url}/recommendations/for-me`, { headers: { authorization: `Bearer ${issuer.sign({ sub: 'split-rita' })}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { items: { id: string }[]; strategy: string };
  expect(body.strategy).toBe('buy-it-again');
  expect(body.items[0]?.id).toBe(product);
});

it('carries one request id through orders, catalog and notifications, into their log lines', async () => {
  const requestId = `trace-${randomUUID()}`;
  const product = await newProduct(5);
  const placed = await placeOrder(product, 'split-trace', 1, { 'x-request-id': requestId });
  expect(placed.status).toBe(201);
  const withId = (service: Running) => service.process.logs.filter((line) => line.requestId === requestId);
  await waitFor('the mail line in the notifications log', async () =>
    withId(notifications).some((line) => String(line.msg).startsWith('mail to customer')) ? true : undefined,
  );
  await waitFor('the request line in the orders log', async () =>
    withId(orders).some((line) => line.msg === 'request' && line.status === 201) ? true : undefined,
  );
  const catalogCalls = [...withId(catalogA), ...withId(catalogB)].filter((line) => line.msg === 'rpc').map((line) => line.pattern);
  expect(catalogCalls).toEqual(expect.arrayContaining(['catalog.price-products.v1', 'catalog.reserve.v1', 'catalog.move-stock.v1']));
});

it('keeps the code of a catalog error across the wire', async () => {
  const product = await newProduct(1);
  const short = await placeOrder(product, 'split-bob', 2);
  expect(short.status).toBe(409);
  expect(short.body).toMatchObject({ code: 'OUT_OF_STOCK', details: { lines: [{ productId: product, requested: 2, available: 1 }] } });
  const unknown = await placeOrder('no-such-product');
  expect(unknown.status).toBe(422);
  expect(unknown.body.code).toBe('UNKNOWN_PRODUCT');
});

it('fails over when a catalog instance is killed mid-load, and never oversells', async () => {
  const product = await newProduct(500);
  const load = orderContinuously(product, 6);
  await waitFor('some orders', async () => (load.statuses.length >= 20 ? true : undefined));
  await catalogB.process.stop('SIGKILL');
  const atKill = load.statuses.length;
  await waitFor('orders after the kill', async () => (load.statuses.length >= atKill + 40 ? true : undefined), { timeoutMs: 20_000 });
  const statuses = await load.stop();

  expect(statuses.filter((status) => status !== 201)).toEqual([]);
  const state = await storedStock(connection, product);
  expect(state.reserved).toBe(statuses.length);
  expect(state.stock + state.reserved).toBe(500);

  // ECS would now remove the dead task after failed health checks; the test does it directly.
  await cloudMap.send(
    new DeregisterInstanceCommand({ ServiceId: serviceIds.get('catalog'), InstanceId: `catalog-127.0.0.1-${catalogB.tcpPort}` }),
  );
});

it('drains a catalog on SIGTERM under load: no failed order, deregistered before it exits', async () => {
  catalogB = await startService('catalog', { SHUTDOWN_DRAIN_MS: '1000' });
  await waitFor('two catalogs', async () => ((await instancesOf('catalog')).length === 2 ? true : undefined));
  const product = await newProduct(500);
  const load = orderContinuously(product, 6);
  await waitFor('some orders', async () => (load.statuses.length >= 20 ? true : undefined));

  let deregisteredAt: number | undefined;
  const watch = (async () => {
    while (deregisteredAt === undefined) {
      if (!(await instancesOf('catalog')).includes(String(catalogA.tcpPort))) deregisteredAt = performance.now();
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  catalogA.process.child.kill('SIGTERM');
  const exit = await catalogA.process.exited;
  const exitedAt = performance.now();
  await watch;
  const atExit = load.statuses.length;
  await waitFor('orders after the exit', async () => (load.statuses.length >= atExit + 20 ? true : undefined));
  const statuses = await load.stop();

  expect(exit).toEqual({ code: 0, signal: null });
  expect(deregisteredAt).toBeLessThan(exitedAt);
  expect(statuses.filter((status) => status !== 201)).toEqual([]);
  expect((await storedStock(connection, product)).reserved).toBe(statuses.length);
});

it('answers 503 CATALOG_UNAVAILABLE within the call deadline when no catalog runs, storing nothing', async () => {
  const product = await newProduct(5);
  await catalogB.process.stop('SIGTERM');
  expect(await instancesOf('catalog')).toEqual([]);

  const customer = `c-${randomUUID()}`;
  const response = await placeOrder(product, customer);
  expect(response.status).toBe(503);
  expect(response.body.code).toBe('CATALOG_UNAVAILABLE');
  // One deadline per attempt (RPC_TIMEOUT_MS=700, RPC_RETRIES=3) plus back-off, at most.
  expect(response.ms).toBeLessThan(4 * 700 + 1000);

  const list = await fetch(`${orders.url}/orders`, { headers: { authorization: `Bearer ${issuer.sign({ sub: customer })}` } });
  expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  expect(await storedStock(connection, product)).toMatchObject({ stock: 5, reserved: 0 });
  expect((await fetch(`${orders.url}/health/ready`)).status).toBe(200);
  expect(notifications.process.child.exitCode).toBeNull();
});
