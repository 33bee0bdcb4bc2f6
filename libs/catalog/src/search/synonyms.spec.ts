import { noOpEntries, SHOP_SYNONYMS, Thesaurus } from './synonyms';
import { analyze } from './text-analysis';

const lookup = (thesaurus: Thesaurus, text: string) =>
  thesaurus.lookup(analyze(text))?.variants.map((variant) => variant.map((token) => token.term).join(' '));

describe('synonyms', () => {
  const thesaurus = new Thesaurus(SHOP_SYNONYMS);

  it('holds at least 30 entries, none of which text analysis already makes equal', () => {
    const entries = SHOP_SYNONYMS.equivalent.length + SHOP_SYNONYMS.oneWay.length;
    expect(entries).toBeGreaterThanOrEqual(30);
    expect(noOpEntries(SHOP_SYNONYMS)).toEqual([]);
    expect(noOpEntries({ equivalent: [["smith's", 'smiths']], oneWay: [] })).toEqual(["smith's", 'smiths']);
  });

  it('finds equivalents both ways, whatever the plural', () => {
    expect(lookup(thesaurus, 'yogurt')).toEqual(['yoghurt']);
    expect(lookup(thesaurus, 'Yoghurts')).toEqual(['yogurt']);
    expect(lookup(thesaurus, 'eggplant')).toEqual(['aubergine']);
    expect(lookup(thesaurus, 'aubergines')).toEqual(['eggplant']);
  });

  it('expands one-way entries in their direction only', () => {
    expect(lookup(thesaurus, 'coke')).toEqual(['cola', 'coca cola']);
    expect(lookup(thesaurus, 'cola')).toBeUndefined();
  });

  it('matches phrases, and exact-word entries only as written', () => {
    expect(lookup(thesaurus, 'ground beef')).toEqual(['beef mince']);
    expect(lookup(thesaurus, 'sweets')).toEqual(['lolly', 'candy', 'jelly bean']);
    expect(lookup(thesaurus, 'sweet')).toBeUndefined();
  });
});
