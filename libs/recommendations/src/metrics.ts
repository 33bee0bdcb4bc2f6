/**
 * Top-k metrics with binary relevance, summed over customers and averaged per group.
 * - HR@k: share of customers with at least one relevant product in the top k;
 * - recall@k: relevant products found in the top k / all relevant products (the standard
 *   denominator, so a basket larger than k cannot reach 1);
 * - NDCG@k: DCG of the hits (1/log2(rank + 1), rank from 1) over the DCG of a perfect top k;
 * - new-item recall@k: recall over the relevant products the customer had never bought — the
 *   part "buy it again" cannot find by construction (Li et al. 2023 report repeat and explore
 *   performance apart for this reason), averaged over customers with such a product;
 * - novelty: mean self-information of what is recommended, −log2(share of baskets holding it)
 *   (Zhou et al., PNAS 2010): higher means less obvious suggestions.
 */

export const METHODS = [
  'item-to-item',
  'item-to-item, plain cosine',
  'buy-it-again',
  'blend',
  'global popularity',
  'aisle popularity',
] as const;
export type Method = (typeof METHODS)[number];

export interface MethodScores {
  readonly method: Method;
  readonly hitRate: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly newItemRecall: number;
  readonly novelty: number;
}

/** Scores over one group of customers. */
export interface SegmentReport {
  /** Customers scored. */
  readonly evaluated: number;
  readonly meanRelevantProducts: number;
  /** Share of relevant products the customer had bought before (what "buy it again" can find). */
  readonly repeatShare: number;
  readonly methods: readonly MethodScores[];
}

/** Hit, recall and NDCG of one list against the relevant products. */
export function scoreList(
  recommended: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): { hit: number; recall: number; ndcg: number } {
  let hits = 0;
  let dcg = 0;
  recommended.slice(0, k).forEach((id, index) => {
    if (!relevant.has(id)) return;
    hits += 1;
    dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(k, relevant.size); index++) ideal += 1 / Math.log2(index + 2);
  return {
    hit: hits > 0 ? 1 : 0,
    recall: relevant.size === 0 ? 0 : hits / relevant.size,
    ndcg: ideal === 0 ? 0 : dcg / ideal,
  };
}

interface Sums {
  hit: number;
  recall: number;
  ndcg: number;
  newRecall: number;
  novelty: number;
}

/** Running sums of the metrics over a group of customers. */
export class Segment {
  private evaluated = 0;
  /** Customers with a relevant product new to them: the new-item recall's denominator. */
  private withNew = 0;
  private relevant = 0;
  private repeats = 0;
  private readonly sums = new Map<Method, Sums>(
    METHODS.map((m) => [m, { hit: 0, recall: 0, ndcg: 0, newRecall: 0, novelty: 0 }]),
  );

  constructor(
    private readonly k: number,
    /** Self-information of a product, for novelty. */
    private readonly novelty: (productId: string) => number,
  ) {}

  /** Scores one customer's lists; `history` holds the products they bought before. */
  add(
    lists: Readonly<Record<Method, readonly string[]>>,
    relevant: ReadonlySet<string>,
    history: { has(productId: string): boolean },
  ): void {
    const fresh = new Set([...relevant].filter((id) => !history.has(id)));
    this.evaluated += 1;
    this.relevant += relevant.size;
    this.repeats += relevant.size - fresh.size;
    if (fresh.size > 0) this.withNew += 1;
    for (const method of METHODS) {
      const list = lists[method].slice(0, this.k);
      const score = scoreList(list, relevant, this.k);
      const sum = this.sums.get(method)!;
      sum.hit += score.hit;
      sum.recall += score.recall;
      sum.ndcg += score.ndcg;
      if (fresh.size > 0) sum.newRecall += list.filter((id) => fresh.has(id)).length / fresh.size;
      if (list.length > 0) sum.novelty += list.reduce((total, id) => total + this.novelty(id), 0) / list.length;
    }
  }

  report(): SegmentReport {
    const mean = (value: number, over = this.evaluated) => (over === 0 ? 0 : value / over);
    return {
      evaluated: this.evaluated,
      meanRelevantProducts: mean(this.relevant),
      repeatShare: this.relevant === 0 ? 0 : this.repeats / this.relevant,
      methods: METHODS.map((method) => {
        const sum = this.sums.get(method)!;
        return {
          method,
          hitRate: mean(sum.hit),
          recall: mean(sum.recall),
          ndcg: mean(sum.ndcg),
          newItemRecall: mean(sum.newRecall, this.withNew),
          novelty: mean(sum.novelty),
        };
      }),
    };
  }
}

/** A group's scores as a Markdown table, one row per method. */
export function markdownTable(report: SegmentReport, k: number): string {
  const rows = report.methods.map(
    (m) =>
      `| ${m.method} | ${m.hitRate.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.ndcg.toFixed(3)} | ${m.newItemRecall.toFixed(3)} | ${m.novelty.toFixed(2)} |`,
  );
  return [
    `| Method | HR@${k} | Recall@${k} | NDCG@${k} | New-item recall@${k} | Novelty (bits) |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
