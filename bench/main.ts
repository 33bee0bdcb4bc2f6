import './aliases';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCatalog, type CatalogData } from './datasets';
import { abortLoad, measurePaired, totals, warm, type Load, type Plan, type Slice, type Totals } from './load';
import { BenchProcess, isAlive, reapLeftovers } from './processes';
import { errorsOf, formatRatio, judge, machine, markdownTable, stepsTable, type CacheCounts, type Row } from './report';
import { allScenarios, CONNECTIONS, type Scenario } from './scenarios';
import { CATALOG_READ_STEPS } from './shopper';
import {
  catalogLabel,
  catalogSize,
  isPortRace,
  memoryOf,
  serverName,
  SPLIT_APPS,
  startBaseline,
  startServer,
  type AppServer,
  type LoadTarget,
} from './servers';
import { measureStartTimes, startTable, type StartRow } from './start-time';
import { BENCH_DIR, paths, REPO_ROOT, type RunContext } from './workspace';

/** The start-time measurement's id for `--only` (it is not a load scenario). */
const START_DEV_ID = 'start-dev';

const USAGE = `npm run bench [-- options]

  (no option)      full run: every scenario, 2k and 50k products, 5 slice pairs each (about 15 min)
  --quick          CI smoke run: 2k products only, one short slice pair per scenario (under 1 min
                   once built); exits non-zero if any scenario answers an error
  --only a,b       only scenarios whose id starts with one of these (the baseline always runs);
                   \`start-dev\` times \`npm run start:dev\` cold and warm (3 starts each, 1 with --quick)
  --skip-build     use the existing dist/ instead of running \`npm run build\` first
  --cpu-prof       run the app servers with --cpu-prof (profiles under .bench/profiles/<run>/)
  --render FILE    print the table of a saved run (.bench/results/<run>.json) judged by the current targets
  --help`;

/**
 * Seconds of each phase. A server just started gets a longer warm-up in its first scenario:
 * its code (the AWS SDK and dynalite above all) is still being compiled by V8 for a few seconds.
 */
const PLANS: Record<'quick' | 'full', Plan & { baselineWarmupSeconds: number; newServerWarmupSeconds: number }> = {
  quick: {
    warmupSeconds: 1,
    newServerWarmupSeconds: 1,
    pairs: 1,
    baselineSeconds: 1,
    scenarioSeconds: 2,
    baselineWarmupSeconds: 1,
  },
  full: {
    warmupSeconds: 3,
    newServerWarmupSeconds: 5,
    pairs: 5,
    baselineSeconds: 2,
    scenarioSeconds: 3,
    baselineWarmupSeconds: 3,
  },
};

interface Options {
  readonly mode: 'quick' | 'full';
  readonly render?: string;
  readonly only: readonly string[];
  readonly build: boolean;
  readonly cpuProfile: boolean;
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (!options) return 0;
  if (options.render) return render(options.render);
  const started = Date.now();
  const runId = `${new Date(started).toISOString().replace(/[:.]/g, '-')}-${options.mode}`;
  const context: RunContext = { runId, dir: join(paths.runs, runId), cpuProfile: options.cpuProfile };
  await acquireLock();
  const reaped = reapLeftovers(runId);
  if (reaped > 0) log(`stopped ${reaped} process(es) left over by an earlier run that was killed`);
  // An earlier run's folder is only left when it failed or was stopped; its logs were for then.
  await rm(paths.runs, { recursive: true, force: true });
  await mkdir(context.dir, { recursive: true });
  installSignalHandlers();

  if (options.build) await build();
  const scenarios = selectScenarios(options);
  const plan = PLANS[options.mode];
  const splitBuilt = SPLIT_APPS.every((app) => existsSync(paths.app(app)));

  const catalogs = new Map<number, CatalogData>();
  for (const size of new Set(scenarios.flatMap((scenario) => catalogSize(scenario.server) ?? []))) {
    const catalog = await ensureCatalog(context, size);
    catalogs.set(size, catalog);
    log(
      catalog.seededNow
        ? `seeded ${size.toLocaleString('en-US')} products in ${seconds(catalog.seed.seedMs)} (start to ready ${seconds(catalog.seed.startToReadyMs)}); kept in ${catalog.dir} for later runs`
        : `reusing ${size.toLocaleString('en-US')} products seeded on ${catalog.seed.createdAt} (seeding took ${seconds(catalog.seed.seedMs)})`,
    );
  }

  const baseline = await startBaseline(context);
  const baselineLoad: Load = { target: baseline, path: '/', connections: CONNECTIONS };
  await warm(baselineLoad, plan.baselineWarmupSeconds);
  const baselineSlices: Slice[] = [];
  const rows = new Map<string, Row>();
  const pool = new ServerPool(context, catalogs);
  const order = runOrder(scenarios);
  let baselineMemory = memory(baseline);
  try {
    for (const [index, scenario] of order.entries()) {
      const still = new Set(order.slice(index).map((next) => serverName(next.server)));
      const row =
        scenario.server.kind === 'split' && !splitBuilt
          ? unavailable(scenario, `not yet available (no ${SPLIT_APPS.map((app) => `dist/apps/${app}`).join(', ')})`)
          : await measure(scenario, () => pool.use(scenario, still), baselineLoad, plan, runId, baselineSlices);
      rows.set(scenario.id, row);
      baselineMemory = memory(baseline);
      log(`[${index + 1}/${order.length}] ${summary(row)}`);
    }
  } finally {
    await pool.stopAll();
    await baseline.stop();
  }

  // Start times last, with the load servers stopped: a start competes with nothing but the machine.
  let starts: StartRow[] = [];
  if (options.only.length === 0 || options.only.some((prefix) => START_DEV_ID.startsWith(prefix))) {
    log('timing `npm run start:dev` from a fresh copy (cold) and again (warm), and a bare Fastify start');
    starts = await measureStartTimes(context, options.mode === 'full' ? 3 : 1).catch((error: unknown) => {
      log(`start times: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
  }

  const baselineTotals = totals(baselineSlices);
  const ordered: Row[] = [
    {
      id: 'baseline',
      title: 'Bare Fastify hello world (baseline)',
      status: 'measured',
      totals: baselineTotals,
      ratio: 1,
      ...baselineMemory,
    },
    ...scenarios.flatMap((scenario) => rows.get(scenario.id) ?? []),
  ];
  judge(ordered, scenarios);
  const steps = stepsTable(ordered);
  const table = [
    ...(scenarios.length > 0 ? [markdownTable(ordered), ''] : []),
    ...(steps ? [steps, ''] : []),
    ...(starts.length > 0 ? [startTable(starts)] : []),
  ].join('\n');
  const startFailed = starts.length === 0 && (options.only.length === 0 || options.only.some((prefix) => START_DEV_ID.startsWith(prefix)));
  const failed = [...ordered.filter((row) => row.status === 'failed' || errorsOf(row) > 0), ...(startFailed ? [{ id: START_DEV_ID }] : [])];
  const notes = [
    `Baseline throughput per slice across the run: ${rangeOf(baselineTotals.sliceRates)} req/s.`,
    `Other work on the machine (not this benchmark) used ${otherLoad(ordered)} while it measured.`,
  ];
  const resultFile = await writeResults(runId, options, started, ordered, catalogs, [table, '', ...notes].join('\n'));
  process.stdout.write(`${table}\n`);
  notes.forEach((note) => log(note));
  log(`results: ${resultFile} (.json and .md); run took ${seconds(Date.now() - started)}`);
  if (failed.length > 0) {
    log(
      `FAILED: ${failed.map((row) => row.id).join(', ')} answered errors or did not run; logs in ${context.dir} (until the next run)`,
    );
    return 1;
  }
  await rm(context.dir, { recursive: true, force: true });
  return 0;
}

/** Runs one scenario: warm-up, counters, paired slices against the baseline, counters again. */
async function measure(
  scenario: Scenario,
  startServerOnce: () => Promise<{ server: AppServer; started: boolean }>,
  baselineLoad: Load,
  plan: (typeof PLANS)['full'],
  runId: string,
  baselineSlices: Slice[],
): Promise<Row> {
  try {
    const { server, started } = await startServerOnce();
    const shape = await scenario.load(server, runId);
    const load: Load = { target: server, ...shape, connections: shape.connections ?? CONNECTIONS };
    await warm(load, plan.warmupSeconds + (started ? plan.newServerWarmupSeconds : 0));
    const before = scenario.cacheStats ? await cacheCounts(server) : undefined;
    const originBefore = await server.originCatalogReads?.();
    const result = await measurePaired(load, baselineLoad, plan);
    const after = scenario.cacheStats ? await cacheCounts(server) : undefined;
    const origin =
      originBefore === undefined || !server.originCatalogReads
        ? undefined
        : { reads: catalogReads(result.scenario), fetches: difference(await server.originCatalogReads(), originBefore) };
    baselineSlices.push(...result.baselineSlices);
    return {
      id: scenario.id,
      title: scenario.title,
      status: 'measured',
      totals: result.scenario,
      ratio: result.ratio,
      pairRatios: result.pairRatios,
      cache: before && after ? { hits: after.hits - before.hits, misses: after.misses - before.misses } : undefined,
      origin,
      ...memory(server),
      helperRssMb: server.helpers.length > 0 ? memoryOf(server.helpers).rssMb : undefined,
    };
  } catch (error) {
    if (stopping) throw error;
    return {
      id: scenario.id,
      title: scenario.title,
      status: 'failed',
      note: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Starts servers when a scenario first needs them and stops them after the last one that does. */
class ServerPool {
  private readonly running = new Map<string, AppServer>();

  constructor(
    private readonly context: RunContext,
    private readonly catalogs: ReadonlyMap<number, CatalogData>,
  ) {}

  /** The scenario's server; `started` when it was started for this scenario. */
  async use(scenario: Scenario, stillNeeded: ReadonlySet<string>): Promise<{ server: AppServer; started: boolean }> {
    for (const [name, server] of this.running) {
      if (stillNeeded.has(name)) continue;
      this.running.delete(name);
      await server.stop();
    }
    const name = serverName(scenario.server);
    const existing = this.running.get(name);
    if (existing) return { server: existing, started: false };
    const size = catalogSize(scenario.server);
    const catalog = size === undefined ? undefined : this.catalogs.get(size);
    const start = () => startServer(this.context, scenario.server, catalog);
    const server = await start().catch((error: unknown) => {
      if (!isPortRace(error)) throw error;
      log(`${name}: a port was taken while it started; starting it again on other ports`);
      return start();
    });
    this.running.set(name, server);
    return { server, started: true };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((server) => server.stop()));
    this.running.clear();
  }
}

/** Scenarios grouped by server (in the order servers first appear), so each server starts once. */
function runOrder(scenarios: readonly Scenario[]): Scenario[] {
  const firstUse = new Map<string, number>();
  scenarios.forEach((scenario, index) => {
    const name = serverName(scenario.server);
    if (!firstUse.has(name)) firstUse.set(name, index);
  });
  const rank = (scenario: Scenario) => firstUse.get(serverName(scenario.server)) ?? 0;
  return [...scenarios].sort((a, b) => rank(a) - rank(b));
}

function selectScenarios(options: Options): Scenario[] {
  return allScenarios()
    .filter((scenario) => options.mode === 'full' || scenario.quick)
    .filter((scenario) => options.only.length === 0 || options.only.some((prefix) => scenario.id.startsWith(prefix)));
}

/** The public catalog reads among a session's requests, by kind. */
function catalogReads(totals: Totals): Record<string, number> {
  const reads: Record<string, number> = {};
  for (const step of totals.steps ?? []) {
    const kind = CATALOG_READ_STEPS.get(step.step);
    if (kind) reads[kind] = (reads[kind] ?? 0) + step.requests;
  }
  return reads;
}

function difference(after: Readonly<Record<string, number>>, before: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, count]) => [key, count - (before[key] ?? 0)]));
}

async function cacheCounts(server: AppServer): Promise<CacheCounts> {
  const response = await fetch(`${server.url}/health/cache`);
  const stats = (await response.json()) as { memory: { hits: number }; redis: { hits: number }; misses: number };
  return { hits: stats.memory.hits + stats.redis.hits, misses: stats.misses };
}

function memory(target: LoadTarget): { rssMb: number; peakRssMb: number } {
  return memoryOf(target.processes);
}

function unavailable(scenario: Scenario, note: string): Row {
  return { id: scenario.id, title: scenario.title, status: 'unavailable', note };
}

function summary(row: Row): string {
  if (row.status !== 'measured' || !row.totals) return `${row.id}: ${row.status}${row.note ? ` (${row.note})` : ''}`;
  const t = row.totals;
  return (
    `${row.id}: ${Math.round(t.reqPerSec).toLocaleString('en-US')} req/s (× ${row.ratio === undefined ? '?' : formatRatio(row.ratio)}), ` +
    `p99 ${t.p99Ms.toFixed(2)} ms, ${errorsOf(row)} errors, other work on the machine ${t.otherCores.toFixed(2)} cores`
  );
}

async function writeResults(
  runId: string,
  options: Options,
  started: number,
  rows: readonly Row[],
  catalogs: ReadonlyMap<number, CatalogData>,
  table: string,
): Promise<string> {
  await mkdir(paths.results, { recursive: true });
  const file = join(paths.results, runId);
  const result = {
    runId,
    mode: options.mode,
    plan: PLANS[options.mode],
    connections: CONNECTIONS,
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    machine: machine(),
    catalogs: [...catalogs.values()].map(({ products, seededNow, seed }) => ({
      products: catalogLabel(products),
      seededNow,
      ...seed,
    })),
    rows,
  };
  await writeFile(`${file}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${file}.md`, `${table}\n`);
  return file;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      render: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  return {
    mode: values.quick ? 'quick' : 'full',
    only: values.only ? values.only.split(',').filter(Boolean) : [],
    build: !values['skip-build'],
    cpuProfile: values['cpu-prof'],
    render: values.render,
  };
}

/** Re-prints a saved run's table, judged by today's targets: no servers, no load. */
async function render(file: string): Promise<number> {
  const saved = JSON.parse(await readFile(file, 'utf8')) as { rows: Row[] };
  const rows = saved.rows.map((row) => ({ ...row, verdict: undefined }));
  judge(rows, allScenarios());
  const steps = stepsTable(rows);
  process.stdout.write(`${markdownTable(rows)}\n${steps ? `\n${steps}\n` : ''}`);
  return 0;
}

async function build(): Promise<void> {
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
  log(`built the production output in ${seconds(Date.now() - started)}`);
}

/** One run at a time: two runs would measure each other. */
async function acquireLock(): Promise<void> {
  await mkdir(BENCH_DIR, { recursive: true });
  const holder = Number(await readFile(paths.lock, 'utf8').catch(() => ''));
  if (holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new Error(`another benchmark run (pid ${holder}) is in progress; wait for it or stop it first`);
  }
  await writeFile(paths.lock, String(process.pid));
}

/** Set on Ctrl-C / SIGTERM: the run is being torn down, not failing. */
let stopping = false;

function releaseLock(): void {
  try {
    if (Number(readFileSync(paths.lock, 'utf8')) === process.pid) rmSync(paths.lock);
  } catch {
    // No lock, or not ours.
  }
}

function installSignalHandlers(): void {
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the load and every server`);
    abortLoad();
    void BenchProcess.stopAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('exit', () => {
    BenchProcess.killAllNow();
    releaseLock();
  });
}

/** Average and worst cores used by other processes during the measured slices. */
function otherLoad(rows: readonly Row[]): string {
  const measured = rows.flatMap((row) => (row.totals ? [row.totals] : []));
  const seconds = measured.reduce((sum, t) => sum + t.seconds, 0);
  const average = measured.reduce((sum, t) => sum + t.otherCores * t.seconds, 0) / (seconds || 1);
  const worst = Math.max(0, ...measured.map((t) => t.otherCores));
  return `${average.toFixed(2)} of ${cpus().length} cores on average (${worst.toFixed(2)} in the worst scenario)`;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rangeOf = (values: readonly number[]) =>
  values.length === 0
    ? '–'
    : `${Math.round(Math.min(...values)).toLocaleString('en-US')}–${Math.round(Math.max(...values)).toLocaleString('en-US')}`;

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    if (stopping) return;
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await BenchProcess.stopAll();
    process.exit(1);
  },
);
