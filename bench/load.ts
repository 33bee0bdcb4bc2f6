import autocannon from 'autocannon';
import { BenchProcess, machineBusySeconds } from './processes';
import { cpuSecondsOf, type LoadTarget } from './servers';

/** One kind of request mix against one target. */
export interface Load {
  readonly target: LoadTarget;
  /** A fixed path, or a request sequence that varies per request (hot sets, idempotency keys). */
  readonly path?: string;
  readonly requests?: autocannon.RequestSpec[];
  /** The step each of `requests` is (a shopper's session): latency and errors are also reported per step. */
  readonly steps?: readonly string[];
  readonly connections: number;
}

/** One step's share of a slice. */
export interface StepSlice {
  requests: number;
  non2xx: number;
  readonly latency: LatencyHistogram;
}

/** One step over the measured slices. */
export interface StepTotals {
  readonly step: string;
  readonly requests: number;
  readonly non2xx: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface Slice {
  readonly requests: number;
  readonly seconds: number;
  readonly non2xx: number;
  /** Socket errors, timeouts included. */
  readonly socketErrors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** CPU seconds the target's processes used during the slice. */
  readonly serverCpuSeconds: number;
  /** CPU seconds used by everything else on the machine: neither the benchmark's processes nor the load generator. */
  readonly otherCpuSeconds: number;
  readonly latency: LatencyHistogram;
  readonly steps?: ReadonlyMap<string, StepSlice>;
}

export interface Totals {
  readonly requests: number;
  readonly seconds: number;
  readonly reqPerSec: number;
  readonly non2xx: number;
  readonly socketErrors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU time per request, median over slices (like the ratio: one disturbed slice does not move it). */
  readonly cpuUsPerRequest: number;
  /** Average cores busy with other work (other users of the machine) while this was measured. */
  readonly otherCores: number;
  /** Throughput of each slice, to show how steady the machine was. */
  readonly sliceRates: readonly number[];
  /** Per step, in the order of the session, when the load has steps. */
  readonly steps?: readonly StepTotals[];
}

export interface Plan {
  readonly warmupSeconds: number;
  readonly pairs: number;
  readonly baselineSeconds: number;
  readonly scenarioSeconds: number;
}

export interface PairedResult {
  readonly scenario: Totals;
  readonly baseline: Totals;
  /** Scenario throughput over baseline throughput, per adjacent pair of slices. */
  readonly pairRatios: readonly number[];
  /** Median of `pairRatios`. */
  readonly ratio: number;
  readonly baselineSlices: readonly Slice[];
}

let running: autocannon.Instance | undefined;
let aborted = false;

/** Stops the load in progress and refuses new load (Ctrl-C). */
export function abortLoad(): void {
  aborted = true;
  running?.stop();
}

/**
 * Measures a scenario against the baseline in alternating slices (baseline, scenario,
 * scenario, baseline, ...). Other work on the machine comes and goes in bursts of seconds; a
 * ratio of adjacent slices cancels most of it, and the median of several pairs the rest.
 */
export async function measurePaired(scenario: Load, baseline: Load, plan: Plan): Promise<PairedResult> {
  const scenarioSlices: Slice[] = [];
  const baselineSlices: Slice[] = [];
  const pairRatios: number[] = [];
  for (let pair = 0; pair < plan.pairs; pair++) {
    let base: Slice;
    let scen: Slice;
    if (pair % 2 === 0) {
      base = await runSlice(baseline, plan.baselineSeconds);
      scen = await runSlice(scenario, plan.scenarioSeconds);
    } else {
      scen = await runSlice(scenario, plan.scenarioSeconds);
      base = await runSlice(baseline, plan.baselineSeconds);
    }
    baselineSlices.push(base);
    scenarioSlices.push(scen);
    pairRatios.push(rate(scen) / rate(base));
  }
  return {
    scenario: totals(scenarioSlices),
    baseline: totals(baselineSlices),
    pairRatios,
    ratio: median(pairRatios),
    baselineSlices,
  };
}

/** Load that is not measured: JIT warm-up, cache fill. */
export async function warm(load: Load, seconds: number): Promise<Slice> {
  return runSlice(load, seconds);
}

export function runSlice(load: Load, seconds: number): Promise<Slice> {
  if (aborted) return Promise.reject(new Error('aborted'));
  const latency = new LatencyHistogram();
  const steps = load.steps ? stepSlices(load.steps) : undefined;
  const cpuBefore = cpuSecondsOf(load.target);
  const machineBefore = machineBusySeconds();
  const benchBefore = BenchProcess.totalCpuSeconds();
  const harnessBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${load.target.url}${load.path ?? ''}`,
        connections: load.connections,
        duration: seconds,
        timeout: 10,
        requests: load.requests,
      },
      (error, result) => {
        running = undefined;
        if (error) return reject(error);
        if (aborted) return reject(new Error('aborted'));
        const harness = process.cpuUsage(harnessBefore);
        const ours = BenchProcess.totalCpuSeconds() - benchBefore + (harness.user + harness.system) / 1e6;
        resolve({
          requests: result.requests.total,
          seconds: result.duration,
          non2xx: result.non2xx,
          socketErrors: result.errors,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
          ),
          serverCpuSeconds: cpuSecondsOf(load.target) - cpuBefore,
          otherCpuSeconds: Math.max(0, machineBusySeconds() - machineBefore - ours),
          latency,
          steps,
        });
      },
    );
    // autocannon's own latency histogram has whole milliseconds; these are exact.
    instance.on('response', (client, status, _bytes, responseTimeMs) => {
      latency.record(responseTimeMs);
      if (!steps || !load.steps) return;
      // Emitted before the client moves on: its iterator still points at the request answered.
      const step = steps.get(load.steps[client.requestIterator.currentRequestIndex] ?? '');
      if (!step) return;
      step.requests += 1;
      if (status < 200 || status > 299) step.non2xx += 1;
      step.latency.record(responseTimeMs);
    });
    running = instance;
  });
}

export function totals(slices: readonly Slice[]): Totals {
  const latency = new LatencyHistogram();
  slices.forEach((slice) => latency.add(slice.latency));
  const sum = (pick: (slice: Slice) => number) => slices.reduce((total, slice) => total + pick(slice), 0);
  const requests = sum((slice) => slice.requests);
  const seconds = sum((slice) => slice.seconds);
  const statusCodes: Record<string, number> = {};
  for (const slice of slices) {
    for (const [code, count] of Object.entries(slice.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  return {
    requests,
    seconds,
    reqPerSec: seconds > 0 ? requests / seconds : 0,
    non2xx: sum((slice) => slice.non2xx),
    socketErrors: sum((slice) => slice.socketErrors),
    statusCodes,
    p50Ms: latency.percentile(50),
    p99Ms: latency.percentile(99),
    cpuUsPerRequest: median(
      slices.map((slice) => (slice.requests > 0 ? (slice.serverCpuSeconds / slice.requests) * 1e6 : 0)),
    ),
    otherCores: seconds > 0 ? sum((slice) => slice.otherCpuSeconds) / seconds : 0,
    sliceRates: slices.map(rate),
    steps: stepTotals(slices),
  };
}

function stepSlices(names: readonly string[]): Map<string, StepSlice> {
  return new Map(names.map((name) => [name, { requests: 0, non2xx: 0, latency: new LatencyHistogram() }]));
}

function stepTotals(slices: readonly Slice[]): StepTotals[] | undefined {
  const first = slices[0]?.steps;
  if (!first) return undefined;
  return [...first.keys()].map((step) => {
    const latency = new LatencyHistogram();
    let requests = 0;
    let non2xx = 0;
    for (const slice of slices) {
      const part = slice.steps?.get(step);
      if (!part) continue;
      latency.add(part.latency);
      requests += part.requests;
      non2xx += part.non2xx;
    }
    return { step, requests, non2xx, p50Ms: latency.percentile(50), p99Ms: latency.percentile(99) };
  });
}

const rate = (slice: Slice) => (slice.seconds > 0 ? slice.requests / slice.seconds : 0);

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Response times: 10 µs buckets up to 100 ms, 1 ms buckets up to 10 s, then one overflow bucket. */
export class LatencyHistogram {
  private static readonly FINE_PER_MS = 100;
  private static readonly FINE_LIMIT_MS = 100;
  private static readonly COARSE_LIMIT_MS = 10_000;
  private static readonly FINE_BUCKETS = LatencyHistogram.FINE_LIMIT_MS * LatencyHistogram.FINE_PER_MS;
  private static readonly BUCKETS =
    LatencyHistogram.FINE_BUCKETS + (LatencyHistogram.COARSE_LIMIT_MS - LatencyHistogram.FINE_LIMIT_MS) + 1;
  private readonly counts = new Float64Array(LatencyHistogram.BUCKETS);
  private total = 0;

  record(ms: number): void {
    const H = LatencyHistogram;
    const bucket =
      ms < H.FINE_LIMIT_MS
        ? Math.floor(ms * H.FINE_PER_MS)
        : Math.min(H.FINE_BUCKETS + Math.floor(ms - H.FINE_LIMIT_MS), H.BUCKETS - 1);
    this.counts[Math.max(0, bucket)] = (this.counts[Math.max(0, bucket)] ?? 0) + 1;
    this.total += 1;
  }

  add(other: LatencyHistogram): void {
    other.counts.forEach((count, bucket) => (this.counts[bucket] = (this.counts[bucket] ?? 0) + count));
    this.total += other.total;
  }

  /** The upper bound of the bucket holding the p-th percentile, in ms (0 when empty). */
  percentile(p: number): number {
    const H = LatencyHistogram;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let bucket = 0; bucket < H.BUCKETS; bucket++) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank && seen > 0) {
        return bucket < H.FINE_BUCKETS ? (bucket + 1) / H.FINE_PER_MS : H.FINE_LIMIT_MS + (bucket - H.FINE_BUCKETS + 1);
      }
    }
    return 0;
  }
}
