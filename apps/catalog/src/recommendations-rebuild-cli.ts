import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { withToolContext } from '@gomart/platform';
import { RecommendationsRebuild, RecommendationsRebuildModule } from '@gomart/recommendations';

const USAGE = `usage: npm run recommendations:rebuild

Rebuilds the recommender's counters (often bought with, popular in aisle, buy it again) from
the baskets it recorded, on the store the environment names (DYNAMODB_ENDPOINT, or the
embedded store under DATA_DIR: stop the app first). Pause the catalog's order-event consumer
while it runs (in AWS: its queue), or run it again after.`;

/** `npm run recommendations:rebuild`: every counter recomputed from the recorded baskets, with a progress bar. */
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
  const bar = new SingleBar({ format: 'baskets {bar} {value}/{total} ({percentage}%)', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  const started = Date.now();
  const result = await withToolContext('catalog', RecommendationsRebuildModule, (context) =>
    context.get(RecommendationsRebuild).rebuild(({ read, total }) => {
      if (!bar.isActive) bar.start(total, read);
      bar.setTotal(total);
      bar.update(read);
    }),
  );
  bar.stop();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  process.stdout.write(`Rebuilt ${result.written} counters from ${result.baskets} baskets (${result.removed} stale removed) in ${seconds} s, ${heapMb} MB heap.\n`);
  return 0;
}
