import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { sleep } from '@gomart/async';
import { DomainError } from '@gomart/contracts';
import { ArchiveIndex, OrderArchive, OrderArchiveModule, OrderArchiver, type ArchiveRunSummary } from '@gomart/orders';
import { withToolContext } from '@gomart/platform';

const USAGE = `usage: npm run archive [-- --wait] [--json]
       npm run archive -- --restore ORDER_ID

Moves orders DELIVERED, CANCELLED or REJECTED more than ARCHIVE_AFTER_DAYS ago from the order
table into the archive (s3://ARCHIVE_BUCKET/orders/, or DATA_DIR/archive locally), in batches
by month, each verified before its orders leave the table. A run that was killed is finished
by the next one. One run at a time: with --wait, waits for another run's lease to end.
--restore brings one archived order back into the order table.`;

/** `npm run archive`: one archive run with a progress bar and a summary, or one restore. */
export async function main(argv: readonly string[]): Promise<number> {
  let values: { wait?: boolean; json?: boolean; restore?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { wait: { type: 'boolean' }, json: { type: 'boolean' }, restore: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const restore = values.restore;
  if (restore !== undefined) {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(restore)) {
      process.stderr.write(`--restore needs an order id, not "${restore}"\n`);
      return 2;
    }
    return withToolContext('orders', OrderArchiveModule, async (context) => {
      try {
        const order = await context.get(OrderArchive).restore(restore);
        process.stdout.write(`Restored ${order.id} (${order.status}, ${order.totalCents} ${order.currency}, placed ${order.createdAt}) to the order table.\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        process.stderr.write(`${error.code}: ${error.message}\n`);
        return 1;
      }
    });
  }

  const started = Date.now();
  const summary = await withToolContext('orders', OrderArchiveModule, async (context, config) => {
    const archiver = context.get(OrderArchiver);
    const bar = new SingleBar(
      { format: 'archiving {bar} {value}/{total} orders | {batches} batches', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 },
      Presets.shades_classic,
    );
    bar.start(0, 0, { batches: 0 });
    const deadline = Date.now() + 2 * config.archive.leaseMs + 5000;
    let result: ArchiveRunSummary;
    for (;;) {
      result = await archiver.run({
        onProgress: ({ scanned, archived, batches }) => {
          bar.setTotal(Math.max(scanned, 1));
          bar.update(archived, { batches });
        },
      });
      if (result.status !== 'busy' || !values.wait || Date.now() > deadline) break;
      await sleep(Math.min(1000, config.archive.leaseMs / 4));
    }
    bar.stop();
    if (result.status === 'busy') {
      const holder = await context.get(ArchiveIndex).leaseHolder();
      process.stderr.write(`Another run holds the archive lease${holder ? ` until ${new Date(holder.until).toISOString()}` : ''}; nothing done.\n`);
    }
    return result;
  });
  const peakMemoryMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const seconds = (Date.now() - started) / 1000;
  if (values.json) process.stdout.write(`${JSON.stringify({ ...summary, seconds, peakMemoryMb })}\n`);
  else {
    process.stdout.write(
      `Archived ${summary.archived} orders older than ${summary.cutoff} in ${summary.batches} batches (${(summary.bytes / 1024).toFixed(0)} KB)` +
        `, ${summary.superseded} changed meanwhile and kept, ${summary.resumed} interrupted batches finished; ${seconds.toFixed(1)} s, peak memory ${peakMemoryMb} MB.\n`,
    );
    for (const object of summary.objects) process.stdout.write(`  ${object}\n`);
  }
  return summary.status === 'busy' ? 3 : 0;
}
