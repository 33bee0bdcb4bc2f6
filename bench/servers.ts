import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort, waitFor } from '../libs/testing/src/ports';
import { originCatalogReads, writeCachingProxyConfig, type OriginFetches } from './caching-proxy';
import type { CatalogData } from './datasets';
import type { HistorySummary } from './order-history';
import { BenchProcess, type MemoryUse } from './processes';
import { paths, REPO_ROOT, type RunContext } from './workspace';

const run = promisify(execFile);

export type CacheTier = 'memory' | 'redis' | 'none';
/** `LOG_REQUESTS`: the app's default logs notable requests only; `all` writes a line per request. */
export type RequestLogging = 'notable' | 'all';

/** The all-in-one app, configured for one cache tier. */
export interface MonolithSpec {
  readonly kind: 'monolith';
  readonly catalog: number;
  readonly cache: CacheTier;
  readonly requestLog: RequestLogging;
  /** Orders of history whose dashboard counters are written before the server starts (order-history.ts). */
  readonly history?: number;
  /**
   * The store in its own process, answering no call sooner than this (latency-store.ts), as a
   * DynamoDB call in the region takes; the embedded store in the app's process when omitted.
   */
  readonly storeLatencyMs?: number;
  /** nginx with proxy_cache in front (caching-proxy.ts): the edge cache CloudFront is in AWS. */
  readonly proxy?: 'nginx';
  /** `--max-old-space-size`, as deploy/ sets it from the task's memory (heapLimitMiB); V8's own sizing when omitted. */
  readonly heapMb?: number;
}

/** The split services (catalog, orders, notifications, analytics-export) with static discovery over TCP. */
export interface SplitSpec {
  readonly kind: 'split';
  readonly catalog: number;
  readonly requestLog: RequestLogging;
}

/** The embedded store alone, one conditional update per request (conditional-update-server.ts): the store's own pace. */
export interface StoreSpec {
  readonly kind: 'store';
}

/** The servers that serve the catalog; the store alone has none. */
export type ShopSpec = MonolithSpec | SplitSpec;
export type ServerSpec = ShopSpec | StoreSpec;

/** Starting a 50k catalog from disk takes a few seconds; seeding one (datasets.ts) has its own limit. */
const START_TIMEOUT_MS = 60_000;

/** The apps split mode needs; the scenario is reported as not available until all are built. */
export const SPLIT_APPS = ['catalog', 'orders', 'notifications', 'analytics-export'] as const;

/** Something that takes load: the processes it runs on are the ones measured. */
export interface LoadTarget {
  readonly name: string;
  readonly url: string;
  readonly processes: readonly BenchProcess[];
  stop(): Promise<void>;
}

/** A running Go Mart server (one process, or the split set). */
export interface AppServer extends LoadTarget {
  readonly spec: ServerSpec;
  /** Where the catalog's HTTP API is: the same process as `url` except in split mode. */
  readonly catalogUrl: string;
  /** DATA_DIR: its `keys` folder signs tokens this server accepts. */
  readonly dataDir: string;
  /** Helpers that are not the server itself (Redis): reported apart. */
  readonly helpers: readonly BenchProcess[];
  /** Behind a caching proxy: requests for public catalog reads the shop has been sent so far. */
  originCatalogReads?(): Promise<OriginFetches>;
}

export function serverName(spec: ServerSpec): string {
  if (spec.kind === 'store') return 'store-conditional-updates';
  const size = catalogLabel(spec.catalog);
  if (spec.kind === 'split') return `split-${size}-${spec.requestLog}`;
  const history = spec.history ? `-history-${catalogLabel(spec.history)}` : '';
  const store = spec.storeLatencyMs === undefined ? '' : `-store-${spec.storeLatencyMs}ms`;
  const proxy = spec.proxy ? `-${spec.proxy}` : '';
  const heap = spec.heapMb ? `-heap-${spec.heapMb}` : '';
  return `monolith-${size}-${spec.cache}-${spec.requestLog}${history}${store}${proxy}${heap}`;
}

/** The products a server's catalog was seeded with; none for the store alone. */
export const catalogSize = (spec: ServerSpec): number | undefined => (spec.kind === 'store' ? undefined : spec.catalog);

export function catalogLabel(products: number): string {
  return products % 1000 === 0 ? `${products / 1000}k` : String(products);
}

/** Sum of CPU seconds and memory of a target's processes. */
export function cpuSecondsOf(target: LoadTarget): number {
  return target.processes.reduce((sum, child) => sum + child.cpuSeconds(), 0);
}

export function memoryOf(processes: readonly BenchProcess[]): MemoryUse {
  return processes
    .map((child) => child.memory())
    .reduce((sum, use) => ({ rssMb: sum.rssMb + use.rssMb, peakRssMb: sum.peakRssMb + use.peakRssMb }), {
      rssMb: 0,
      peakRssMb: 0,
    });
}

export async function startBaseline(context: RunContext): Promise<LoadTarget> {
  const port = await freePort();
  const server = await startHttpProcess(context, 'baseline', {
    args: [paths.baselineServer],
    env: { PATH: processPath(), PORT: String(port) },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/',
    profile: false,
  });
  return target('baseline', `http://127.0.0.1:${port}`, [server]);
}

export async function startServer(context: RunContext, spec: ServerSpec, catalog?: CatalogData): Promise<AppServer> {
  if (spec.kind === 'store') return startStore(context, spec);
  if (!catalog) throw new Error(`no seeded catalog of ${spec.catalog} products`);
  return spec.kind === 'split' ? startSplit(context, spec, catalog) : startMonolith(context, spec, catalog);
}

async function startMonolith(context: RunContext, spec: MonolithSpec, catalog: CatalogData): Promise<AppServer> {
  const name = serverName(spec);
  const dataDir = await copyCatalog(context, name, catalog);
  if (spec.history) await writeHistory(dataDir, spec.history, spec.catalog);
  const helpers: BenchProcess[] = [];
  try {
    const redis = spec.cache === 'redis' ? await startRedis(context, `${name}-redis`) : undefined;
    if (redis) helpers.push(redis.process);
    const store =
      spec.storeLatencyMs === undefined
        ? undefined
        : await startLatencyStore(context, `${name}-store`, join(dataDir, 'dynamodb'), spec.storeLatencyMs);
    if (store) helpers.push(store.process);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = await startHttpProcess(context, name, {
      args: [...(spec.heapMb ? [`--max-old-space-size=${spec.heapMb}`] : []), paths.app('gomart')],
      env: {
        ...appEnv(spec, port, dataDir),
        // The memory tier at its defaults, or off; Redis only in the Redis-tier configuration.
        ...(spec.cache === 'memory' ? {} : { CACHE_MEMORY_TTL_MS: '0' }),
        ...(redis ? { REDIS_URL: redis.url } : {}),
        ...(store ? { DYNAMODB_ENDPOINT: store.url } : {}),
      },
      url,
      // As the ALB does: traffic once it is ready (a 50k catalog's search index takes seconds to build).
      readyPath: '/health/ready',
      profile: context.cpuProfile,
    });
    if (!spec.proxy) return { ...target(name, url, [app], helpers), spec, catalogUrl: url, dataDir, helpers };
    const proxy = await startCachingProxy(context, `${name}-proxy`, port).catch(async (error: unknown) => {
      await app.stop();
      throw error;
    });
    // The proxy's CPU is the shop's: both serve the shoppers' requests.
    return {
      ...target(name, proxy.url, [app, proxy.process], helpers),
      spec,
      catalogUrl: url,
      dataDir,
      helpers,
      originCatalogReads: () => originCatalogReads(proxy.accessLog),
    };
  } catch (error) {
    await Promise.all(helpers.map((helper) => helper.stop()));
    throw error;
  }
}

async function startCachingProxy(
  context: RunContext,
  name: string,
  originPort: number,
): Promise<{ process: BenchProcess; url: string; accessLog: string }> {
  const port = await freePort();
  const dir = join(context.dir, name);
  const files = await writeCachingProxyConfig(dir, port, originPort);
  const url = `http://127.0.0.1:${port}`;
  const proxy = await startProcess(
    context,
    name,
    { command: 'nginx', args: ['-c', files.config, '-e', join(dir, 'error.log')], env: { PATH: processPath() } },
    async () => ((await fetch(`${url}/health/live`)).ok ? true : undefined),
  );
  return { process: proxy, url, accessLog: files.accessLog };
}

/** The seeded store in a process of its own, answering no call sooner than `delayMs`. */
async function startLatencyStore(
  context: RunContext,
  name: string,
  folder: string,
  delayMs: number,
): Promise<{ process: BenchProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const store = await startHttpProcess(context, name, {
    args: [paths.latencyStore, folder],
    env: { PATH: processPath(), PORT: String(port), DELAY_MS: String(delayMs) },
    url,
    readyPath: '/',
    anyAnswer: true,
    profile: false,
  });
  return { process: store, url };
}

/** The embedded store alone on a fresh folder, answering one conditional update per request. */
async function startStore(context: RunContext, spec: StoreSpec): Promise<AppServer> {
  const name = serverName(spec);
  const dataDir = join(context.dir, name, 'data');
  await rm(dataDir, { recursive: true, force: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startHttpProcess(context, name, {
    args: [paths.conditionalUpdateServer, join(dataDir, 'dynamodb')],
    env: { PATH: processPath(), PORT: String(port) },
    url,
    readyPath: '/',
    anyAnswer: true,
    profile: context.cpuProfile,
  });
  return { ...target(name, url, [server]), spec, catalogUrl: url, dataDir, helpers: [] };
}

/**
 * The four split services on loopback, as `npm run start:split` runs them: static discovery,
 * TCP between services, each with its own embedded DynamoDB. The catalog's is a copy of the
 * seeded catalog; the others start empty. They share the token keys.
 */
async function startSplit(context: RunContext, spec: SplitSpec, catalog: CatalogData): Promise<AppServer> {
  const name = serverName(spec);
  const keysFrom = await copyCatalog(context, `${name}-catalog`, catalog);
  const free = await freePorts(SPLIT_APPS.length * 2);
  const ports = SPLIT_APPS.map((app, index) => ({ app, http: free[2 * index] ?? 0, tcp: free[2 * index + 1] ?? 0 }));
  const staticServices = ports.map(({ app, tcp }) => `${app}=127.0.0.1:${tcp}`).join(';');
  const started = await Promise.allSettled(
    ports.map(async ({ app, http, tcp }) => {
      const dataDir =
        app === 'catalog' ? keysFrom : await copyKeys(keysFrom, join(context.dir, `${name}-${app}`, 'data'));
      return startHttpProcess(context, `${name}-${app}`, {
        args: [paths.app(app)],
        env: {
          ...appEnv(spec, http, dataDir),
          TCP_HOST: '127.0.0.1',
          TCP_PORT: String(tcp),
          DISCOVERY: 'static',
          STATIC_SERVICES: staticServices,
        },
        url: `http://127.0.0.1:${http}`,
        readyPath: '/health/ready',
        profile: context.cpuProfile,
      });
    }),
  );
  const services = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(services.map((service) => service.stop()));
    throw failure.reason;
  }
  const urlOf = (app: (typeof SPLIT_APPS)[number]) =>
    `http://127.0.0.1:${ports.find((port) => port.app === app)?.http ?? 0}`;
  return {
    ...target(name, urlOf('orders'), services),
    spec,
    catalogUrl: urlOf('catalog'),
    dataDir: keysFrom,
    helpers: [],
  };
}

export function appEnv(spec: ShopSpec, port: number, dataDir: string): Record<string, string> {
  return {
    PATH: processPath(),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    LOG_REQUESTS: spec.requestLog,
    DATA_DIR: dataDir,
    DATA_IN_MEMORY: 'false',
    SEED_PRODUCT_COUNT: String(spec.catalog),
    // The bench is one client measuring capacity: per-client limits and load shedding would
    // measure the guards instead.
    RATE_LIMIT_MAX: '0',
    RATE_LIMIT_ORDERS_MAX: '0',
    RATE_LIMIT_SEARCH_MAX: '0',
    ORDER_MAX_IN_FLIGHT: '0',
    // 50 customers place thousands of orders that nobody delivers: the open-order limits would refuse them.
    ORDER_MAX_OPEN_PER_CUSTOMER: '0',
    ORDER_MAX_OPEN_UNITS_PER_PRODUCT: '0',
  };
}

interface HttpProcessOptions {
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly url: string;
  readonly readyPath: string;
  /** Ready on any answer, not only a 2xx (a server with no page of its own). */
  readonly anyAnswer?: boolean;
  readonly profile: boolean;
  readonly timeoutMs?: number;
}

/** Starts a Node server and resolves once it answers `readyPath`. */
export async function startHttpProcess(
  context: RunContext,
  name: string,
  options: HttpProcessOptions,
): Promise<BenchProcess> {
  const profileArgs = options.profile
    ? ['--cpu-prof', '--cpu-prof-dir', join(paths.profiles, context.runId, name)]
    : [];
  return startProcess(
    context,
    name,
    { command: process.execPath, args: [...profileArgs, ...options.args], env: options.env },
    async () => ((await fetch(`${options.url}${options.readyPath}`)).ok || options.anyAnswer ? true : undefined),
    options.timeoutMs,
  );
}

async function startRedis(context: RunContext, name: string): Promise<{ process: BenchProcess; url: string }> {
  const port = await freePort();
  const dir = join(context.dir, name);
  await mkdir(dir, { recursive: true });
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir];
  const redis = await startProcess(context, name, { command: 'redis-server', args, env: { PATH: processPath() } }, () =>
    redisPing(port),
  );
  return { process: redis, url: `redis://127.0.0.1:${port}` };
}

/** Starts a process and resolves once `ready` answers; fails at once if the process exits or cannot start. */
async function startProcess(
  context: RunContext,
  name: string,
  command: { command: string; args: readonly string[]; env: Record<string, string> },
  ready: () => Promise<true | undefined>,
  timeoutMs = START_TIMEOUT_MS,
): Promise<BenchProcess> {
  const child = BenchProcess.start(name, context.runId, {
    ...command,
    cwd: REPO_ROOT,
    logFile: join(context.dir, `${name}.log`),
  });
  const exited = child.exited.then(async ({ code, signal }) => {
    if (child.spawnError)
      throw new Error(`cannot start ${command.command} (is it installed?): ${child.spawnError.message}`);
    const log = await readFile(child.logFile, 'utf8').catch(() => '');
    const portTaken = log.includes('EADDRINUSE') ? ' (EADDRINUSE: its port was taken meanwhile)' : '';
    throw new Error(`${name} exited (${signal ?? code}) before it was ready${portTaken}; see ${child.logFile}`);
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitFor(`${name} to be ready`, ready, { timeoutMs, intervalMs: 100 }), exited]);
    return child;
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Distinct free ports: all are held until every one is known, so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    }
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * A port that was free when chosen can be taken before the server binds it (ports are
 * chosen before the process starts, as the apps take them from the environment).
 */
export const isPortRace = (error: unknown) => error instanceof Error && error.message.includes('EADDRINUSE');

function redisPing(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (value: true | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(500, () => done(undefined));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') ? true : undefined));
    socket.once('error', () => done(undefined));
  });
}

/** Each server gets its own copy: orders change stock, and one embedded DynamoDB folder has one owner. */
async function copyCatalog(context: RunContext, name: string, catalog: CatalogData): Promise<string> {
  const dataDir = join(context.dir, name, 'data');
  // Fresh every time: a server started again (see isPortRace) must not find the first one's files.
  await rm(dataDir, { recursive: true, force: true });
  await cp(catalog.dir, dataDir, { recursive: true });
  return dataDir;
}

/** Writes the dashboard counters of `orders` orders into the (not yet started) server's store. */
async function writeHistory(dataDir: string, orders: number, products: number): Promise<void> {
  const { stdout } = await run(process.execPath, [paths.orderHistory, dataDir, String(orders), String(products)]);
  const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as HistorySummary;
  process.stderr.write(
    `bench: wrote the dashboard counters of ${summary.orders.toLocaleString('en-US')} orders (${summary.facts.toLocaleString('en-US')} facts) as ${summary.counters.toLocaleString('en-US')} counters in ${(summary.ms / 1000).toFixed(1)} s\n`,
  );
}

async function copyKeys(fromDataDir: string, toDataDir: string): Promise<string> {
  await rm(toDataDir, { recursive: true, force: true });
  await cp(join(fromDataDir, 'keys'), join(toDataDir, 'keys'), { recursive: true });
  return toDataDir;
}

function target(
  name: string,
  url: string,
  processes: readonly BenchProcess[],
  helpers: readonly BenchProcess[] = [],
): LoadTarget {
  return {
    name,
    url,
    processes,
    stop: async () => {
      await Promise.all(processes.map((child) => child.stop()));
      await Promise.all(helpers.map((child) => child.stop()));
    },
  };
}

export const processPath = () => process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
