import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { CounterBackfill, CounterBackfillModule } from '@gomart/analytics-export';
import { withToolContext } from '@gomart/platform';

const USAGE = `usage: npm run analytics:backfill

Rebuilds the dashboard's daily counters from the recorded order facts, on the store the
environment names (DYNAMODB_ENDPOINT, or the embedded store under DATA_DIR: stop the app first).
Stop the analytics consumer while it runs (in AWS: scale the analytics service to 0).`;

/** `npm run analytics:backfill`: the counters recomputed from every fact, with a progress bar. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const bar = new SingleBar({ format: 'facts {bar} {value}/{total} ({percentage}%)', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  const result = await withToolContext('analytics-export', CounterBackfillModule, (context) =>
    context.get(CounterBackfill).rebuild(({ read, total }) => {
      if (!bar.isActive) bar.start(total, read);
      bar.setTotal(total);
      bar.update(read);
    }),
  );
  bar.stop();
  process.stdout.write(`Rebuilt ${result.counters} daily counters from ${result.facts} facts (${result.removed} stale counters removed).\n`);
  return 0;
}
