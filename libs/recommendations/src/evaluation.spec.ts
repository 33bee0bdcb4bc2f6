import { evaluate, type EvaluationReport } from './evaluation';
import { METHODS, markdownTable, scoreList, type Method, type SegmentReport } from './metrics';
import { demoCatalogItems, generateOrderHistory } from './order-history-generator';

const catalog = demoCatalogItems(2000);
const aisles = new Map(catalog.map((item) => [item.id, item.category]));

const scoresOf = (segment: SegmentReport, method: Method) => segment.methods.find((m) => m.method === method)!;

describe('offline evaluation on a small generated history (300 customers, 120 days)', () => {
  let report: EvaluationReport;

  beforeAll(async () => {
    report = await evaluate(generateOrderHistory({ customers: 300, days: 120, seed: 1, catalog }), {
      aisleOf: (id) => aisles.get(id),
    });
  });

  it('holds out one basket per customer with an earlier order', () => {
    expect(report.customers).toBeLessThanOrEqual(300);
    expect(report.nextBasket.evaluated).toBeGreaterThan(250);
    expect(report.nextBasket.evaluated).toBeLessThanOrEqual(report.customers);
    expect(report.nextBasket.methods.map((m) => m.method)).toEqual([...METHODS]);
  });

  it.each(['nextBasket', 'completion'] as const)(
    'has the blend beat global popularity on HR@10, recall@10 and NDCG@10 (%s)',
    (protocol) => {
      const blend = scoresOf(report[protocol], 'blend');
      const popular = scoresOf(report[protocol], 'global popularity');
      expect(blend.hitRate).toBeGreaterThan(popular.hitRate);
      expect(blend.recall).toBeGreaterThan(popular.recall);
      expect(blend.ndcg).toBeGreaterThan(popular.ndcg);
    },
  );

  it('has the staple penalty make item-to-item suggestions less obvious and find more new products in a basket', () => {
    const penalised = scoresOf(report.completion, 'item-to-item');
    const plain = scoresOf(report.completion, 'item-to-item, plain cosine');
    expect(penalised.novelty).toBeGreaterThan(plain.novelty);
    expect(penalised.newItemRecall).toBeGreaterThan(plain.newItemRecall);
  });

  it('prints a Markdown table with a row per method', () => {
    const table = markdownTable(report.nextBasket, report.k).split('\n');
    expect(table[0]).toBe('| Method | HR@10 | Recall@10 | NDCG@10 | New-item recall@10 | Novelty (bits) |');
    expect(table).toHaveLength(2 + METHODS.length);
    expect(table[2]).toMatch(/^\| item-to-item \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \| \d+\.\d{2} \|$/);
  });
});

describe('top-k metrics', () => {
  it('scores hits by rank (binary relevance)', () => {
    // Relevant: a, b, c. Hits at ranks 1 and 3 of a list of 4.
    const score = scoreList(['a', 'x', 'b', 'y'], new Set(['a', 'b', 'c']), 10);
    expect(score.hit).toBe(1);
    expect(score.recall).toBeCloseTo(2 / 3, 10);
    const ideal = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(score.ndcg).toBeCloseTo((1 + 1 / Math.log2(4)) / ideal, 10);
  });

  it('counts only the first k and gives 0 without a hit', () => {
    expect(scoreList(['x', 'a'], new Set(['a']), 1)).toEqual({ hit: 0, recall: 0, ndcg: 0 });
    expect(scoreList(['a'], new Set(['a']), 1)).toEqual({ hit: 1, recall: 1, ndcg: 1 });
  });
});
