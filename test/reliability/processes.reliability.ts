import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocalIssuer, type LocalIssuer } from '@gomart/auth';
import { type DynamoConnection, EmbeddedDynamo } from '@gomart/dynamo';
import { connectTestDynamo, FaultProxy, freePort, REPO_ROOT, ServiceProcess, waitFor } from '@gomart/testing';
import {
  call,
  confirmationMails,
  deliberate,
  printTable,
  record,
  seeded,
  sleep,
  storedAudit,
  type Answer,
  type Row,
} from './support';

/**
 * The faults of whole processes, on the production build (`npm run build` first): `kill -9`
 * at random moments under load with a restart on the same data, SIGTERM under load as a
 * rolling deployment does it, and connection resets between split services. Each scenario
 * drives customers that retry as a browser would (503 with Retry-After, or a connection the
 * crash cut) until every order is decided, then audits the stored books and the mail folder.
 */
const seed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 1_000_000));
const notes: string[] = [`(seed ${seed}: RELIABILITY_SEED=${seed} replays the kill moments)`];
afterAll(() => printTable(notes));

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'apps', 'gomart', 'src', 'main.js')))
    throw new Error('the process scenarios run the production build: `npm run build` first');
});

const BASE = {
  SEED_PRODUCT_COUNT: '0',
  SEED_DEMO_CATALOG: 'false',
  CACHE_MEMORY_TTL_MS: '0',
  ORDER_LEASE_MS: '1000',
  ORDER_SWEEP_INTERVAL_MS: '200',
  RATE_LIMIT_MAX: '0',
  RATE_LIMIT_ORDERS_MAX: '0',
};

/** What a scenario started, stopped at its end whatever happened: processes killed, proxies closed. */
const running: (ServiceProcess | FaultProxy)[] = [];
const stopAll = () =>
  Promise.all(running.splice(0).map((thing) => (thing instanceof FaultProxy ? thing.stop() : thing.stop('SIGKILL'))));
afterEach(stopAll);

function start(app: string, env: Record<string, string>): ServiceProcess {
  const service = ServiceProcess.start({ app, env: { ...BASE, ...env } });
  running.push(service);
  return service;
}

async function createProducts(
  url: string,
  issuer: LocalIssuer,
  tag: string,
  stocks: readonly number[],
): Promise<string[]> {
  const agent = new Agent();
  const token = issuer.sign({ sub: 'ada', groups: ['admin'] });
  const ids = await Promise.all(
    stocks.map(async (stock, index) => {
      const answer = await call(agent, `${url}/catalog/products`, {
        method: 'POST',
        token,
        body: {
          sku: `RP-${tag}-${index}`,
          name: `Reliable ${tag} ${index}`,
          brand: 'Test',
          category: 'pantry',
          priceCents: 100,
          unit: 'each',
          stock,
        },
      });
      expect(answer.status).toBe(201);
      return String(answer.body.id);
    }),
  );
  agent.destroy();
  return ids;
}

/** Where a customer's browser sends its next request, as its network sees it. */
interface Client {
  /** The connection pool to use now. */
  agent(): Agent;
  /** The shop's address now, or undefined while it is down. */
  url(): string | undefined;
  /** Whether a crash happened since `sent` (a failed connection is then the crash, not a reset). */
  crashed?(sent: number): boolean;
  /** The shop said `Connection: close`: the next connection goes elsewhere. */
  told?(): void;
}

/** What the customers saw, and what they were told was placed. */
class Customers {
  requests = 0;
  fiveXx = 0;
  resets = 0;
  /** Requests a crash cut (sent before a kill, or while the shop was down): the customer retried. */
  cut = 0;
  /** The first few 5xx answers, for the failure message. */
  readonly examples: string[] = [];
  /** Orders decided either way (placed, or refused as out of stock). */
  decided = 0;
  readonly placed: string[] = [];
  readonly units: Record<string, number> = {};

  constructor(
    private readonly issuer: LocalIssuer,
    private readonly productIds: readonly string[],
  ) {}

  /** One new customer orders one unit of each product, retrying with the same key until the order is decided. */
  async order(client: Client): Promise<void> {
    const token = this.issuer.sign({ sub: `rel-${randomUUID().slice(0, 12)}` });
    const key = randomUUID();
    const lines = this.productIds.map((productId) => ({ productId, quantity: 1 }));
    for (let attempt = 0; attempt < 600; attempt++) {
      const url = client.url();
      if (!url) {
        await sleep(100);
        continue;
      }
      const sent = Date.now();
      let answer: Answer;
      this.requests += 1;
      try {
        answer = await call(client.agent(), `${url}/orders`, { method: 'POST', token, key, body: { lines } });
      } catch {
        if (client.crashed?.(sent)) this.cut += 1;
        else this.resets += 1;
        await sleep(100);
        continue;
      }
      if (answer.headers.connection === 'close') client.told?.();
      if (deliberate(answer)) {
        await sleep(150);
        continue;
      }
      if (answer.status >= 500) {
        this.fiveXx += 1;
        if (this.examples.length < 3)
          this.examples.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
      if (answer.status === 201) {
        this.placed.push(String(answer.body.id));
        for (const { productId } of lines) this.units[productId] = (this.units[productId] ?? 0) + 1;
      }
      this.decided += 1;
      return;
    }
    throw new Error(`order ${key} undecided after 600 attempts`);
  }
}

/** The products' initial stock by id, for the audit. */
function initialStock(products: readonly string[], stocks: readonly number[]): Record<string, number> {
  return Object.fromEntries(products.map((id, index) => [id, stocks[index]!]));
}

function rowOf(
  scenario: string,
  customers: Customers,
  books: { invariant: boolean; stuck: number },
  mails: { mailsLost: number; mailsDoubled: number },
): Row {
  const { requests, fiveXx, examples, resets } = customers;
  return { scenario, requests, fiveXx, examples, resets, placed: customers.placed.length, ...books, ...mails };
}

/**
 * Eight customers at a time order on `url` while every connection through `proxy` is cut,
 * four times once orders flow; the second and fourth cuts also refuse new connections for
 * 300 ms. Returns the number of cuts once every order is decided.
 */
async function rushThroughResets(customers: Customers, url: string, proxy: FaultProxy): Promise<number> {
  let stopped = false;
  const workers = Array.from({ length: 8 }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (!stopped) await customers.order({ agent: () => agent, url: () => url });
    agent.destroy();
  });
  const resets = 4;
  for (let reset = 0; reset < resets; reset++) {
    const before = customers.decided;
    await waitFor('orders flowing', async () => (customers.decided >= before + 10 ? true : undefined), {
      timeoutMs: 30_000,
    });
    proxy.set({ kind: 'reset' });
    await sleep(reset % 2 === 0 ? 0 : 300);
    proxy.set({ kind: 'pass' });
  }
  stopped = true;
  await Promise.all(workers);
  return resets;
}

/** A data folder (keys, mail) and a DynamoDB-API server the scenario's processes share; the test reads the books from it. */
async function onSharedStore(
  body: (shared: {
    dataDir: string;
    dynamo: EmbeddedDynamo;
    db: DynamoConnection;
    issuer: LocalIssuer;
  }) => Promise<void>,
): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gomart-rel-'));
  const dynamo = await EmbeddedDynamo.start();
  const db = await connectTestDynamo(dynamo.endpoint);
  try {
    await body({ dataDir, dynamo, db, issuer: await loadLocalIssuer(join(dataDir, 'keys')) });
  } finally {
    await stopAll();
    await db.close();
    await dynamo.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

it('kill -9 at random moments under load, restarted on the same data', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gomart-rel-kill-'));
  try {
    const issuer = await loadLocalIssuer(join(dataDir, 'keys'));
    // The embedded store on disk (the laptop shape): the crash hits the engine too.
    const env = { DATA_DIR: dataDir, NODE_ENV: 'test' };
    let shop = start('gomart', env);
    let url: string | undefined = await shop.url;
    const stocks = [300, 300];
    const products = await createProducts(url, issuer, 'KILL', stocks);
    const customers = new Customers(issuer, products);
    let lastKill = 0;
    let stopped = false;
    // Six customers at a time, each on a keep-alive connection, one after another.
    const workers = Array.from({ length: 6 }, async () => {
      let agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let agentOf = 0;
      const current = () => {
        if (agentOf !== lastKill) [agent, agentOf] = [new Agent({ keepAlive: true, maxSockets: 1 }), lastKill];
        return agent;
      };
      const client: Client = {
        agent: current,
        url: () => url,
        crashed: (sent) => url === undefined || sent <= lastKill,
      };
      while (!stopped) await customers.order(client);
      agent.destroy();
    });
    const random = seeded(seed);
    const kills = 3;
    for (let kill = 0; kill < kills; kill++) {
      const before = customers.decided;
      await waitFor('orders flowing', async () => (customers.decided >= before + 10 ? true : undefined), {
        timeoutMs: 30_000,
      });
      await sleep(Math.floor(random() * 400));
      url = undefined;
      lastKill = Date.now();
      shop.child.kill('SIGKILL');
      await shop.exited;
      shop = start('gomart', env);
      url = await shop.url;
    }
    await sleep(500);
    stopped = true;
    await Promise.all(workers);

    const mails = await confirmationMails(join(dataDir, 'mail'), customers.placed);
    // The books, read from the engine's files once the last shop has stopped.
    expect(await shop.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const dynamo = await EmbeddedDynamo.start(join(dataDir, 'dynamodb'));
    const db = await connectTestDynamo(dynamo.endpoint);
    try {
      notes.push(`kill -9: ${customers.cut} requests cut by the ${kills} kills and retried by their customers`);
      record(
        rowOf(
          `kill -9 × ${kills} under load, restart`,
          customers,
          await storedAudit(db, initialStock(products, stocks), customers.units),
          mails,
        ),
      );
    } finally {
      await db.close();
      await dynamo.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 240_000);

it(
  'SIGTERM under load, twice, as a rolling deployment replaces the shop',
  () =>
    onSharedStore(async ({ dataDir, dynamo, db, issuer }) => {
      const env = { DATA_DIR: dataDir, DYNAMODB_ENDPOINT: dynamo.endpoint, SHUTDOWN_DRAIN_MS: '800' };
      // The newest instance is where the load balancer sends new connections.
      const instances: { service: ServiceProcess; url: string }[] = [];
      const launch = async () => {
        const service = start('gomart', env);
        instances.push({ service, url: await service.url });
      };
      await launch();
      const stocks = [400];
      const products = await createProducts(instances[0]!.url, issuer, 'TERM', stocks);
      const customers = new Customers(issuer, products);
      const reads = { requests: 0, fiveXx: 0, resets: 0, ok: 0 };
      let stopped = false;
      // Eight clients on kept-alive connections: browsing, and now and then ordering. A client
      // told `Connection: close` opens its next connection to the newest instance.
      const workers = Array.from({ length: 8 }, async (_, worker) => {
        let agent = new Agent({ keepAlive: true, maxSockets: 1 });
        let url = instances.at(-1)!.url;
        const client: Client = {
          agent: () => agent,
          url: () => url,
          told: () => {
            agent.destroy();
            agent = new Agent({ keepAlive: true, maxSockets: 1 });
            url = instances.at(-1)!.url;
          },
        };
        for (let round = 0; !stopped; round++) {
          if (round % 10 === worker % 10) {
            await customers.order(client);
            continue;
          }
          reads.requests += 1;
          try {
            const answer = await call(agent, `${url}/catalog/products/${products[0]}`);
            if (answer.status >= 500 && !deliberate(answer)) reads.fiveXx += 1;
            else reads.ok += 1;
            if (answer.headers.connection === 'close') client.told!();
          } catch {
            reads.resets += 1;
          }
        }
        agent.destroy();
      });
      for (let replaced = 0; replaced < 2; replaced++) {
        const before = reads.ok;
        await waitFor('traffic', async () => (reads.ok >= before + 300 ? true : undefined), { timeoutMs: 60_000 });
        const old = instances.at(-1)!.service;
        await launch();
        expect(await old.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      }
      const before = reads.ok;
      await waitFor('traffic on the last instance', async () => (reads.ok >= before + 200 ? true : undefined), {
        timeoutMs: 60_000,
      });
      stopped = true;
      await Promise.all(workers);

      const mails = await confirmationMails(join(dataDir, 'mail'), customers.placed);
      const row = rowOf(
        'SIGTERM × 2 under load (rolling)',
        customers,
        await storedAudit(db, initialStock(products, stocks), customers.units),
        mails,
      );
      record({
        ...row,
        requests: row.requests + reads.requests,
        fiveXx: row.fiveXx + reads.fiveXx,
        resets: row.resets + reads.resets,
      });
    }),
  240_000,
);

// In a real process: inside Jest's sandbox the SDK cannot recognise a socket's error (it comes
// from another realm), so it neither retries it nor says it is a network failure.
it(
  'store connections reset mid-rush',
  () =>
    onSharedStore(async ({ dataDir, dynamo, db, issuer }) => {
      const proxy = await FaultProxy.start(dynamo.endpoint);
      running.push(proxy);
      const url = await start('gomart', {
        DATA_DIR: dataDir,
        DYNAMODB_ENDPOINT: proxy.url(),
        DYNAMODB_TIMEOUT_MS: '1000',
      }).url;
      const stocks = [60, 60];
      const products = await createProducts(url, issuer, 'STORE', stocks);
      const customers = new Customers(issuer, products);
      // As a store endpoint failing over does.
      const resets = await rushThroughResets(customers, url, proxy);
      const mails = await confirmationMails(join(dataDir, 'mail'), customers.placed);
      record(
        rowOf(
          `store connections reset × ${resets} mid-rush`,
          customers,
          await storedAudit(db, initialStock(products, stocks), customers.units),
          mails,
        ),
      );
    }),
  240_000,
);

it(
  'split services: the orders service’s connections to the catalog reset mid-rush',
  () =>
    onSharedStore(async ({ dataDir, dynamo, db, issuer }) => {
      const ports = {
        catalog: await freePort(),
        orders: await freePort(),
        notifications: await freePort(),
        'analytics-export': await freePort(),
      };
      const proxy = await FaultProxy.start(`127.0.0.1:${ports.catalog}`);
      running.push(proxy);
      const discovery = (catalog: string) =>
        `catalog=${catalog};orders=127.0.0.1:${ports.orders};notifications=127.0.0.1:${ports.notifications};analytics-export=127.0.0.1:${ports['analytics-export']}`;
      const env = {
        DATA_DIR: dataDir,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        DISCOVERY: 'static',
        RPC_TIMEOUT_MS: '700',
        RPC_RETRIES: '3',
      };
      const [catalog, orders] = await Promise.all(
        (['catalog', 'orders', 'notifications', 'analytics-export'] as const).map(
          (app) =>
            // Only the orders service reaches the catalog through the proxy.
            start(app, {
              ...env,
              TCP_PORT: String(ports[app]),
              STATIC_SERVICES: discovery(app === 'orders' ? `127.0.0.1:${proxy.port}` : `127.0.0.1:${ports.catalog}`),
            }).url,
        ),
      );
      const stocks = [60, 60];
      const products = await createProducts(catalog!, issuer, 'PEER', stocks);
      const customers = new Customers(issuer, products);
      const resets = await rushThroughResets(customers, orders!, proxy);
      const mails = await confirmationMails(join(dataDir, 'mail'), customers.placed);
      record(
        rowOf(
          `catalog peer reset × ${resets} mid-rush (split)`,
          customers,
          await storedAudit(db, initialStock(products, stocks), customers.units),
          mails,
        ),
      );
    }),
  240_000,
);
