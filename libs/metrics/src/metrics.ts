import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_METRICS, type AppMetricName, type CounterName, type GaugeName, type MetricDefinition, type TimingName, definitionOf, prometheusName } from './app-metrics';

/** What the EMF reporter takes since its last flush: counter deltas and timing samples, per breakdown value. */
export interface MetricsDelta {
  readonly counters: ReadonlyMap<CounterName, ReadonlyMap<string, number>>;
  readonly timings: ReadonlyMap<TimingName, readonly number[]>;
  readonly gauges: ReadonlyMap<GaugeName, number>;
}

/** No breakdown: the series of the `[Service]` dimension set alone. */
const TOTAL = '';
/** EMF takes at most 100 values of one metric per line; a flush keeps this many samples at most. */
const MAX_TIMING_SAMPLES = 100;
const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000];

/**
 * The app's metrics, for the code that counts things: `count('OrdersRejected', 'OUT_OF_STOCK')`,
 * `time('PlacementLatency', ms)`, `gauge('OutboxAgeSeconds', () => age)`. Each is kept in a
 * prom-client registry (the Prometheus text at `GET /metrics`) and as a delta since the last
 * EMF flush (the CloudWatch lines); both read the same calls, so they cannot disagree.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<CounterName, Counter>();
  private readonly histograms = new Map<TimingName, Histogram>();
  private readonly gaugeReaders = new Map<GaugeName, () => number>();
  /** Counters kept by their owners; `flushed` and `scraped` are what EMF and Prometheus last took of each. */
  private readonly sources: { name: CounterName; breakdown?: string; read: () => number; flushed: number; scraped: number }[] = [];
  private counted = new Map<CounterName, Map<string, number>>();
  private timed = new Map<TimingName, number[]>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    for (const [name, definition] of Object.entries(APP_METRICS) as [AppMetricName, MetricDefinition][]) {
      const labelNames = definition.breakdown ? [definition.breakdown.toLowerCase()] : [];
      const common = { name: prometheusName(name), help: definition.help, labelNames, registers: [this.registry] };
      if (definition.kind === 'counter') {
        const counterName = name as CounterName;
        const counter: Counter = new Counter({
          ...common,
          name: `${common.name}_total`,
          // Counts kept by their owner (the cache's hit counters) are read at scrape time.
          collect: () => this.collectSources(counterName, counter),
        });
        this.counters.set(counterName, counter);
      }
      if (definition.kind === 'timing') this.histograms.set(name as TimingName, new Histogram({ ...common, buckets: LATENCY_BUCKETS_MS }));
      if (definition.kind === 'gauge') {
        const gaugeName = name as GaugeName;
        const gauge: Gauge = new Gauge({
          ...common,
          collect: () => {
            const read = this.gaugeReaders.get(gaugeName);
            if (read) gauge.set(read());
          },
        });
      }
    }
  }

  count(name: CounterName, breakdown?: string, by = 1): void {
    if (by <= 0) return;
    const counter = this.counters.get(name)!;
    counter.inc(this.labelsOf(name, breakdown), by);
    this.addToDelta(name, breakdown, by);
  }

  /**
   * A counter its owner keeps (a plain number on a hot path): read when metrics are scraped or
   * flushed, never on the path itself.
   */
  countFrom(name: CounterName, breakdown: string | undefined, read: () => number): void {
    const now = read();
    this.sources.push({ name, breakdown, read, flushed: now, scraped: 0 });
  }

  private collectSources(name: CounterName, counter: Counter): void {
    for (const source of this.sources.filter((candidate) => candidate.name === name)) {
      const now = source.read();
      if (now > source.scraped) counter.inc(this.labelsOf(name, source.breakdown), now - source.scraped);
      source.scraped = now;
    }
  }

  private labelsOf(name: CounterName, breakdown: string | undefined): Record<string, string> {
    return breakdown === undefined ? {} : { [definitionOf(name).breakdown!.toLowerCase()]: breakdown };
  }

  private addToDelta(name: CounterName, breakdown: string | undefined, by: number): void {
    const series = this.counted.get(name) ?? new Map<string, number>();
    const key = breakdown ?? TOTAL;
    series.set(key, (series.get(key) ?? 0) + by);
    this.counted.set(name, series);
  }

  time(name: TimingName, milliseconds: number): void {
    this.histograms.get(name)!.observe(milliseconds);
    const samples = this.timed.get(name) ?? [];
    if (samples.length < MAX_TIMING_SAMPLES) samples.push(Math.round(milliseconds * 1000) / 1000);
    this.timed.set(name, samples);
  }

  /** A value read when it is reported (the oldest outbox entry, the breaker's state). The last registration wins. */
  gauge(name: GaugeName, read: () => number): void {
    this.gaugeReaders.set(name, read);
  }

  /** What happened since the previous call, and the gauges now; the EMF reporter's input. */
  takeDelta(): MetricsDelta {
    for (const source of this.sources) {
      const now = source.read();
      if (now > source.flushed) this.addToDelta(source.name, source.breakdown, now - source.flushed);
      source.flushed = now;
    }
    const delta: MetricsDelta = {
      counters: this.counted,
      timings: this.timed,
      gauges: new Map([...this.gaugeReaders].map(([name, read]) => [name, read()])),
    };
    this.counted = new Map();
    this.timed = new Map();
    return delta;
  }

  /** The Prometheus text exposition. */
  prometheus(): Promise<string> {
    return this.registry.metrics();
  }
}
