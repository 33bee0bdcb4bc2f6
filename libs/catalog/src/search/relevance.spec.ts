import { MiniSearchProductSearch } from './minisearch-product-search';
import { evaluateRelevance, type RelevanceSet } from './relevance';
import RELEVANCE_SET from './relevance-set.json';
import { demoSearchDocs } from './search-docs';

const set: RelevanceSet = RELEVANCE_SET;

describe('relevance on the demo catalog', () => {
  it('puts what a shopper wants in the first five results for at least 90% of the relevance set', async () => {
    const docs = demoSearchDocs(set.catalogSize);
    const byId = new Map(docs.map((doc) => [doc.id, doc]));
    const search = new MiniSearchProductSearch();
    await search.replaceAll(docs);

    const report = await evaluateRelevance(search, set, (id) => byId.get(id));

    // The figures a tuning change moves; printed so a run shows them (and the misses).
    console.log(
      `relevance: ${set.cases.length} queries, success@5 ${report.successAt5.toFixed(3)}, MRR ${report.mrr.toFixed(3)}\n` +
        report.failures
          .map((failure) => `  miss "${failure.q}": ${failure.reason}; got ${failure.top.join(' / ')}`)
          .join('\n'),
    );
    expect(report.empty).toEqual([]);
    expect(report.successAt5).toBeGreaterThanOrEqual(0.9);
  });
});
