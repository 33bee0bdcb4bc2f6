import {
  drivingToken,
  indexPrefix,
  isFirstMatch,
  matchesAll,
  productWords,
  queryTokens,
  wordCountChanges,
} from './search-terms';

describe('search terms', () => {
  it('indexes distinct words of name and brand, lower-cased and without accents', () => {
    expect(productWords('Crème Fraîche 200g', 'Président')).toEqual(['200g', 'creme', 'fraiche', 'president']);
    expect(productWords('A & B Milk', 'Milk Co')).toEqual(['co', 'milk']);
  });

  it('keeps non-Latin words, partitioned by their first two characters', () => {
    expect(productWords('抹茶 Latte', 'Ito En')).toEqual(['en', 'ito', 'latte', '抹茶']);
    expect(indexPrefix('抹茶ラテ')).toBe('抹茶');
  });

  it('matches when every query word starts some product word', () => {
    const words = productWords('Greek Yoghurt 1kg', 'Chobani');
    expect(matchesAll(queryTokens('greek YOG'), words)).toBe(true);
    expect(matchesAll(queryTokens('greek milk'), words)).toBe(false);
    expect(queryTokens('a greek + yog')).toEqual(['greek', 'yog']);
  });

  it('drives the index read with the query word that has the fewest entries, else the longest', () => {
    expect(drivingToken(['ice', 'cream'], new Map([['ice', 1000], ['cream', 1722]]))).toBe('ice');
    expect(drivingToken(['ice', 'cream'], new Map([['ice', 40], ['cream', 40]]))).toBe('cream');
    expect(drivingToken(['go', 'mart', 'milk'])).toBe('mart');
    expect(drivingToken([])).toBeUndefined();
  });

  it('counts the words a product gains and loses', () => {
    expect(wordCountChanges(['cream', 'thickened'], ['cream', 'pure'])).toEqual(new Map([['pure', 1], ['thickened', -1]]));
    expect(wordCountChanges([], ['milk'])).toEqual(new Map([['milk', 1]]));
  });

  it('counts a product once when several of its words share the query prefix', () => {
    const words = productWords('Milky Milk Bar', 'Go');
    expect(words.filter((word) => isFirstMatch(word, 'mil', words))).toEqual(['milk']);
  });
});
