import { EmfReporter } from './emf-reporter';
import { Metrics } from './metrics';

interface EmfLine {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  readonly [field: string]: unknown;
}

async function flushed(metrics: Metrics): Promise<EmfLine[]> {
  const lines: string[] = [];
  await new EmfReporter(metrics, (line) => lines.push(line)).flush();
  return lines.map((line) => JSON.parse(line) as EmfLine);
}

describe('Metrics', () => {
  it('shows counts, breakdowns, gauges and timings in the Prometheus text, labelled with the service', async () => {
    const metrics = new Metrics('orders');
    metrics.count('OrdersPlaced');
    metrics.count('OrdersPlaced');
    metrics.count('OrdersRejected', 'OUT_OF_STOCK');
    metrics.gauge('OutboxAgeSeconds', () => 7);
    metrics.time('PlacementLatency', 42);
    const text = await metrics.prometheus();
    expect(text).toContain('gomart_orders_placed_total{service="orders"} 2');
    expect(text).toContain('gomart_orders_rejected_total{reason="OUT_OF_STOCK",service="orders"} 1');
    expect(text).toContain('gomart_outbox_age_seconds{service="orders"} 7');
    expect(text).toContain('gomart_placement_latency_ms_count{service="orders"} 1');
    expect(text).toContain('gomart_placement_latency_ms_bucket{le="50",service="orders"} 1');
  });

  it('reads counters their owner keeps when scraped, and only their growth', async () => {
    const metrics = new Metrics('catalog');
    let hits = 5;
    metrics.countFrom('CacheHits', 'memory', () => hits);
    expect(await metrics.prometheus()).toContain('gomart_cache_hits_total{tier="memory",service="catalog"} 5');
    hits = 9;
    expect(await metrics.prometheus()).toContain('gomart_cache_hits_total{tier="memory",service="catalog"} 9');
  });
});

describe('EmfReporter', () => {
  it('writes one EMF line per series: [Service] for alarms and [Service, breakdown] for the dashboard', async () => {
    const metrics = new Metrics('orders');
    metrics.count('OrdersPlaced');
    metrics.count('OrdersRejected', 'OUT_OF_STOCK', 2);
    metrics.count('OrdersRejected', 'SLOT_HOLD_EXPIRED');
    metrics.time('PlacementLatency', 12.5);
    metrics.time('PlacementLatency', 30);
    metrics.gauge('OrdersInProgress', () => 3);

    const lines = await flushed(metrics);
    const byMetric = (name: string) => lines.filter((line) => line._aws.CloudWatchMetrics[0]!.Metrics.some((metric) => metric.Name === name));
    for (const line of lines) {
      expect(line._aws.CloudWatchMetrics[0]!.Namespace).toBe('GoMart');
      expect(line.Service).toBe('orders');
      expect(line._aws.Timestamp).toEqual(expect.any(Number));
    }
    expect(byMetric('OrdersPlaced')).toEqual([expect.objectContaining({ OrdersPlaced: 1 })]);
    expect(byMetric('OrdersPlaced')[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['Service']]);
    const rejected = byMetric('OrdersRejected');
    expect(rejected.map((line) => [line.Reason, line.OrdersRejected])).toEqual([
      ['OUT_OF_STOCK', 2],
      ['SLOT_HOLD_EXPIRED', 1],
    ]);
    for (const line of rejected) expect(line._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['Service'], ['Service', 'Reason']]);
    const [timings] = byMetric('PlacementLatency');
    expect(timings).toMatchObject({ PlacementLatency: [12.5, 30], OrdersInProgress: 3 });
    expect(timings!._aws.CloudWatchMetrics[0]!.Metrics).toEqual(
      expect.arrayContaining([{ Name: 'PlacementLatency', Unit: 'Milliseconds' }, { Name: 'OrdersInProgress', Unit: 'Count' }]),
    );
  });

  it('reports counts since the previous flush, so CloudWatch sums them right', async () => {
    const metrics = new Metrics('catalog');
    let misses = 0;
    metrics.countFrom('CacheMisses', undefined, () => misses);
    metrics.count('MailsSent');
    misses = 4;
    expect((await flushed(metrics)).map((line) => line.CacheMisses ?? line.MailsSent)).toEqual([1, 4]);
    misses = 6;
    expect((await flushed(metrics)).map((line) => line.CacheMisses)).toEqual([2]);
    expect(await flushed(metrics)).toEqual([]);
  });
});
