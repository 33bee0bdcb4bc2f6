import { cpus, release, totalmem } from 'node:os';
import type { Totals } from './load';
import { SCALING_TOLERANCE, type Scenario } from './scenarios';

export interface CacheCounts {
  readonly hits: number;
  readonly misses: number;
}

/** One line of the report. */
export interface Row {
  readonly id: string;
  readonly title: string;
  readonly status: 'measured' | 'unavailable' | 'failed';
  /** Why a scenario was not measured. */
  readonly note?: string;
  readonly totals?: Totals;
  /** Median over slice pairs of scenario/baseline throughput. */
  readonly ratio?: number;
  readonly pairRatios?: readonly number[];
  readonly cache?: CacheCounts;
  readonly rssMb?: number;
  readonly peakRssMb?: number;
  /** Memory of helpers (Redis), not counted as the server's. */
  readonly helperRssMb?: number;
  /** Behind a caching proxy: the public catalog reads sent and how many reached the shop. */
  readonly origin?: OriginCounts;
  verdict?: Verdict;
}

/** Per kind of public catalog read (listing, product, goes-with): sent by shoppers, and reaching the shop. */
export interface OriginCounts {
  readonly reads: Readonly<Record<string, number>>;
  readonly fetches: Readonly<Record<string, number>>;
}

export interface Verdict {
  readonly met: boolean;
  readonly text: string;
}

/** One part of a verdict: a target (`met` set) or a figure stated beside them. */
interface Part {
  readonly met?: boolean;
  readonly text: string;
}

export const errorsOf = (row: Row): number => (row.totals ? row.totals.non2xx + row.totals.socketErrors : 0);

/** Applies the issue's targets: ratio and p99 where a scenario has them, and 50k within 10% of 2k. */
export function judge(rows: Row[], scenarios: readonly Scenario[]): void {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const scenario of scenarios) {
    const row = byId.get(scenario.id);
    if (!row || row.status !== 'measured' || row.ratio === undefined || !row.totals) continue;
    const parts: Part[] = [];
    if (scenario.maxP50Ms !== undefined) {
      parts.push({ met: row.totals.p50Ms <= scenario.maxP50Ms, text: `p50 ≤ ${scenario.maxP50Ms} ms` });
    }
    const other = scenario.shareOf ? byId.get(scenario.shareOf.id) : undefined;
    if (scenario.shareOf && other?.status === 'measured' && other.totals) {
      const { unit, min } = scenario.shareOf;
      const share = row.totals.reqPerSec / other.totals.reqPerSec;
      parts.push({ text: `${formatRatio(share)} ${unit}` });
      if (min) parts.push({ met: share >= min, text: `≥ ${formatRatio(min)}` });
    }
    if (scenario.target) {
      const { minRatio, maxP99Ms } = scenario.target;
      parts.push({
        met: row.ratio >= minRatio && row.totals.p99Ms <= maxP99Ms,
        text: `× ≥ ${minRatio.toFixed(2)} & p99 ≤ ${maxP99Ms} ms`,
      });
    }
    const small = scenario.scalesFrom ? byId.get(scenario.scalesFrom) : undefined;
    if (small?.ratio !== undefined && small.totals) {
      parts.push(
        scaling(
          small.id.match(/\d+k/g)?.at(-1) ?? small.id,
          { ratio: row.ratio, totals: row.totals },
          { ratio: small.ratio, totals: small.totals },
        ),
      );
    }
    if (row.origin) parts.push({ text: originText(row.origin) });
    if (parts.length === 0) continue;
    row.verdict = {
      met: parts.every((part) => part.met !== false),
      text: parts
        .map((part) => (part.met === undefined ? part.text : `${part.text}: ${part.met ? 'met' : '**missed**'}`))
        .join('; '),
    };
  }
}

/**
 * Throughput on the large catalog against the small one, judged two ways, both within
 * SCALING_TOLERANCE: the paired ratio to the baseline, and server CPU per request (what the
 * throughput of a CPU-bound server follows). The ratio cancels most other load on the machine
 * but not all of it (the baseline needs both cores, a scenario mostly one); CPU per request
 * is blind to throughput effects of latency. Either growing past the tolerance is a miss.
 */
function scaling(smallLabel: string, large: Measured, small: Measured): Verdict {
  const ratioChange = large.ratio / small.ratio - 1;
  const cpuChange = large.totals.cpuUsPerRequest / small.totals.cpuUsPerRequest - 1;
  const met = ratioChange >= -SCALING_TOLERANCE && cpuChange <= 1 / (1 - SCALING_TOLERANCE) - 1;
  return { met, text: `vs ${smallLabel}: × ${signed(ratioChange * 100)}%, CPU/req ${signed(cpuChange * 100)}%` };
}

/** "N origin requests per 1,000 catalog reads (listings a, products b, goes-with c)". */
function originText({ reads, fetches }: OriginCounts): string {
  const sum = (counts: Readonly<Record<string, number>>) =>
    Object.values(counts).reduce((total, count) => total + count, 0);
  const per1000 = (fetched: number, read: number) => (read > 0 ? ((fetched / read) * 1000).toFixed(0) : '–');
  const kinds = Object.keys(reads).map((kind) => `${kind} ${per1000(fetches[kind] ?? 0, reads[kind] ?? 0)}`);
  return `${per1000(sum(fetches), sum(reads))} origin requests per 1,000 catalog reads (${kinds.join(', ')})`;
}

interface Measured {
  readonly ratio: number;
  readonly totals: Totals;
}

export function markdownTable(rows: readonly Row[]): string {
  const header = [
    'Scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    '× baseline',
    'cache hits',
    'RSS (peak) MB',
    'CPU µs/req',
    'target',
  ];
  const lines = [header, header.map((_, index) => (index === 0 || index === header.length - 1 ? '---' : '---:'))];
  for (const row of rows) {
    const t = row.totals;
    if (row.status !== 'measured' || !t) {
      lines.push([
        row.title,
        row.status === 'failed' ? `failed: ${row.note ?? ''}` : (row.note ?? 'not available'),
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
      continue;
    }
    lines.push([
      row.title,
      Math.round(t.reqPerSec).toLocaleString('en-US'),
      t.p50Ms.toFixed(2),
      t.p99Ms.toFixed(2),
      String(errorsOf(row)),
      row.ratio === undefined ? '' : formatRatio(row.ratio),
      row.cache ? percent(row.cache) : '–',
      row.rssMb === undefined
        ? ''
        : `${Math.round(row.rssMb)}${row.peakRssMb === undefined ? '' : ` (${Math.round(row.peakRssMb)})`}`,
      t.cpuUsPerRequest.toFixed(1),
      row.verdict?.text ?? '',
    ]);
  }
  return lines.map((cells) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`).join('\n');
}

/** Per step of the rows whose load is a session (the shopper's): share of requests, latency, errors. */
export function stepsTable(rows: readonly Row[]): string {
  const lines = [
    ['Scenario', 'step', 'requests', 'share', 'p50 ms', 'p99 ms', 'errors'],
    ['---', '---', '---:', '---:', '---:', '---:', '---:'],
  ];
  for (const row of rows) {
    const steps = row.totals?.steps;
    if (!steps) continue;
    const total = steps.reduce((sum, step) => sum + step.requests, 0) || 1;
    for (const step of steps) {
      lines.push([
        row.id,
        step.step,
        step.requests.toLocaleString('en-US'),
        `${((step.requests / total) * 100).toFixed(1)}%`,
        step.p50Ms.toFixed(2),
        step.p99Ms.toFixed(2),
        String(step.non2xx),
      ]);
    }
  }
  return lines.length > 2 ? lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n') : '';
}

/** What the JSON result says about where it ran. */
export function machine(): Record<string, unknown> {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    load: 'autocannon in the harness process, on the same machine as the servers, over loopback',
  };
}

/** Two decimals, or two significant digits for the slow scenarios (orders), which would all read 0.00. */
export const formatRatio = (ratio: number) => (ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2));

function percent({ hits, misses }: CacheCounts): string {
  const reads = hits + misses;
  return reads === 0 ? '–' : `${((hits / reads) * 100).toFixed(1)}%`;
}

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
