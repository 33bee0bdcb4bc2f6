import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BlendOptions } from './blend';
import { rebuildCoPurchase } from './co-purchase';
import { evaluate, SHORT_HISTORY_ORDERS, type EvaluationReport } from './evaluation';
import { markdownTable } from './metrics';
import { distinctProducts } from './model';
import { demoCatalogItems, generateOrderHistory, type GeneratorOptions } from './order-history-generator';

const USAGE = `npm run eval:recommendations [-- options]

  --customers N      customers in the generated history (default 2000)
  --days N           days of history (default 180)
  --seed N           generator seed (default 1)
  --products N       demo catalog size (default 2000, what start:dev seeds)
  --repeat-share X   blend: share of slots repeats may take, 0–1 (default 1)
  --basket-fit X     blend: lift of own products that go with the seeds, >= 0 (default 1)
  --measure-rebuild  instead: time a co-purchase rebuild over the history and its heap size
  --help

Prints Markdown on stdout (progress on stderr).`;

interface Settings {
  readonly customers: number;
  readonly days: number;
  readonly seed: number;
  readonly products: number;
  readonly blend: BlendOptions;
  readonly measureRebuild: boolean;
}

function parse(argv: readonly string[]): Settings | string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      customers: { type: 'string', default: '2000' },
      days: { type: 'string', default: '180' },
      seed: { type: 'string', default: '1' },
      products: { type: 'string', default: '2000' },
      'repeat-share': { type: 'string', default: '1' },
      'basket-fit': { type: 'string', default: '1' },
      'measure-rebuild': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return USAGE;
  const numbers = {
    customers: Number(values.customers),
    days: Number(values.days),
    seed: Number(values.seed),
    products: Number(values.products),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isSafeInteger(value) || value < (name === 'seed' ? 0 : 1))
      return `--${name} must be a whole number${name === 'seed' ? '' : ' >= 1'}\n\n${USAGE}`;
  }
  const repeatShare = Number(values['repeat-share']);
  const basketFit = Number(values['basket-fit']);
  if (!(repeatShare >= 0 && repeatShare <= 1)) return `--repeat-share must be between 0 and 1\n\n${USAGE}`;
  if (!(basketFit >= 0 && Number.isFinite(basketFit))) return `--basket-fit must be a number >= 0\n\n${USAGE}`;
  return { ...numbers, blend: { repeatShare, basketFit }, measureRebuild: values['measure-rebuild'] };
}

/** A progress line on stderr, rewritten in place on a terminal. */
function progress(label: string): (count: number) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (count) => {
    if (tty) {
      process.stderr.write(`\r${label}: ${count.toLocaleString('en')} orders`);
    } else if (count - last >= 25_000) {
      process.stderr.write(`${label}: ${count.toLocaleString('en')} orders\n`);
      last = count;
    }
  };
}

function describe(settings: Settings): string {
  const { repeatShare, basketFit } = settings.blend;
  return (
    `${settings.customers.toLocaleString('en')} customers, ${settings.days} days, seed ${settings.seed}, ` +
    `${settings.products.toLocaleString('en')} products (blend: repeat share ${repeatShare}, basket fit ${basketFit})`
  );
}

function renderReport(report: EvaluationReport, settings: Settings, seconds: number): string {
  const { k } = report;
  const segment = (title: string, note: string, body: EvaluationReport['nextBasket']) =>
    `### ${title}\n\n${note} ${body.evaluated.toLocaleString('en')} customers; ` +
    `${body.meanRelevantProducts.toFixed(1)} products to find on average, ${(body.repeatShare * 100).toFixed(0)}% of them bought before.\n\n` +
    `${markdownTable(body, k)}\n`;
  return [
    `Generated history: ${describe(settings)} → ${report.orders.toLocaleString('en')} orders ` +
      `from ${report.customers.toLocaleString('en')} customers (evaluated in ${seconds.toFixed(1)} s).\n`,
    segment('Next basket', "Each customer's last order held out, recommended with an empty basket.", report.nextBasket),
    segment(
      `Next basket, short histories (1–${SHORT_HISTORY_ORDERS} earlier orders)`,
      'The same, for customers new to the shop.',
      report.shortHistory,
    ),
    segment(
      'Basket completion',
      'Half of the held-out basket revealed as already in the basket, the other half to find.',
      report.completion,
    ),
  ].join('\n');
}

async function runEvaluation(
  settings: Settings,
  generator: GeneratorOptions,
  aisleOf: (id: string) => string | undefined,
): Promise<string> {
  const started = process.hrtime.bigint();
  const report = await evaluate(generateOrderHistory(generator), {
    aisleOf,
    seed: settings.seed,
    blend: settings.blend,
    onProgress: progress('generating and training'),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (process.stderr.isTTY) process.stderr.write('\n');
  return renderReport(report, settings, seconds);
}

/**
 * Heap held by the co-purchase state after a rebuild over the history. Needs a full GC before
 * and after: exposed here through V8 flags, so `node` needs no `--expose-gc`.
 */
async function measureRebuild(generator: GeneratorOptions): Promise<string> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const baskets = function* () {
    for (const order of generateOrderHistory(generator)) yield distinctProducts(order.lines);
  };
  // Time the generation alone first, to take it out of the rebuild's time.
  let generateMs = performance.now();
  let orders = 0;
  for (const basket of baskets()) orders += basket.length > 0 ? 1 : 0;
  generateMs = performance.now() - generateMs;
  const report = progress('rebuilding');
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const state = await rebuildCoPurchase(baskets(), ({ baskets: count }) => report(count), 1000);
  const totalMs = performance.now() - started;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  if (process.stderr.isTTY) process.stderr.write('\n');
  let entries = 0;
  for (const row of state.pairBaskets.values()) entries += row.size;
  return [
    '| Orders | Products | Pair entries (both directions) | Rebuild | Heap of the state |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${orders.toLocaleString('en')} | ${state.itemBaskets.size.toLocaleString('en')} | ${entries.toLocaleString('en')} | ` +
      `${((totalMs - generateMs) / 1000).toFixed(1)} s (+ ${(generateMs / 1000).toFixed(1)} s generating) | ${heapMb.toFixed(0)} MB |`,
    '',
  ].join('\n');
}

/** `npm run eval:recommendations -- [--customers N] [--days N] [--seed N]`: the offline evaluation. */
export async function main(argv: readonly string[]): Promise<number> {
  let settings: Settings | string;
  try {
    settings = parse(argv);
  } catch (error) {
    settings = `${(error as Error).message}\n\n${USAGE}`;
  }
  if (typeof settings === 'string') {
    const help = settings === USAGE;
    (help ? process.stdout : process.stderr).write(`${settings}\n`);
    return help ? 0 : 2;
  }
  const catalog = demoCatalogItems(settings.products);
  const aisles = new Map(catalog.map((item) => [item.id, item.category]));
  const generator: GeneratorOptions = {
    customers: settings.customers,
    days: settings.days,
    seed: settings.seed,
    catalog,
  };
  process.stderr.write(`${describe(settings)}\n`);
  const output = settings.measureRebuild
    ? await measureRebuild(generator)
    : await runEvaluation(settings, generator, (id) => aisles.get(id));
  process.stdout.write(output);
  return 0;
}
