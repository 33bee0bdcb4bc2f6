import { docFields } from './doc-fields';
import { stemPlural } from './plural-stemmer';
import { analyze, compactCode, normalizeText } from './text-analysis';

const terms = (text: string) => analyze(text).map((token) => token.term);

const doc = (name: string, brand = 'Go Mart') => ({
  id: 'x',
  sku: 'X-1',
  name,
  brand,
  category: 'dairy-eggs',
  categoryName: 'Dairy & Eggs',
  priceCents: 100,
  stock: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('text analysis', () => {
  it('folds case, accents and full-width forms, and keeps Japanese and Korean marks', () => {
    expect(normalizeText('Crème Fraîche ＡＢＣ')).toBe('creme fraiche abc');
    expect(normalizeText('ガム')).toBe('ガム');
    expect(normalizeText('한국')).toBe('한국');
  });

  it('drops apostrophes inside words, so smiths, smith and Smith’s are one term', () => {
    expect(terms("Smith's")).toEqual(['smith']);
    expect(terms('Smith’s')).toEqual(['smith']);
    expect(terms('smiths')).toEqual(['smith']);
    expect(terms("Helga's")).toEqual(terms('helgas'));
  });

  it('keeps short words and digits', () => {
    expect(terms('Stage 3')).toEqual(['stage', '3']);
    expect(terms('a2 Milk')).toEqual(['a2', 'milk']);
    expect(terms('AA Batteries')).toEqual(['aa', 'battery']);
    expect(terms('V')).toEqual(['v']);
  });

  it('writes a quantity one way, however it is typed', () => {
    expect(terms('2L')).toEqual(['2l']);
    expect(terms('2 l')).toEqual(['2l']);
    expect(terms('2 litres')).toEqual(['2l']);
    expect(terms('1.25L')).toEqual(['1.25l']);
    expect(terms('1.50 L')).toEqual(['1.5l']);
    expect(terms('12pk')).toEqual(['12pack']);
    expect(terms('12 pack')).toEqual(['12pack']);
    expect(terms('1 kilo')).toEqual(['1kg']);
  });

  it('cuts Chinese and Japanese runs into words', () => {
    const words = terms('抹茶ラテ Latte');
    expect(words).toContain('latte');
    expect(words.join('')).toBe('抹茶ラテlatte');
    expect(words.length).toBeGreaterThan(2);
  });

  it('splits on hyphens and symbols', () => {
    expect(terms('Coca-Cola')).toEqual(['coca', 'cola']);
    expect(terms('Salt & Vinegar')).toEqual(['salt', 'vinegar']);
  });

  it('compacts codes as typed or printed', () => {
    expect(compactCode('DE-000010')).toBe('de000010');
    expect(compactCode(' de 000010 ')).toBe('de000010');
  });
});

describe('plural stemmer', () => {
  it.each([
    ['apples', 'apple'],
    ['tomatoes', 'tomato'],
    ['potatoes', 'potato'],
    ['bananas', 'banana'],
    ['berries', 'berry'],
    ['strawberries', 'strawberry'],
    ['peaches', 'peach'],
    ['glasses', 'glass'],
    ['sausages', 'sausage'],
    ['pies', 'pie'],
    ['loaves', 'loaf'],
    ['nappies', 'nappy'],
  ])('%s → %s', (plural, singular) => {
    expect(stemPlural(plural)).toBe(singular);
    expect(stemPlural(singular)).toBe(singular);
  });

  it('brings a word and its plural together even where the stem is not a word', () => {
    expect(stemPlural('cookies')).toBe(stemPlural('cookie'));
  });

  it('leaves words that only look plural', () => {
    for (const word of ['hummus', 'swiss', 'brie', 'glass', 'asparagus', 'gas', '50s'])
      expect(stemPlural(word)).toBe(word);
  });
});

describe('product fields', () => {
  it('indexes the head noun of the name apart: what the product is, not what it contains', () => {
    expect(docFields(doc('Full Cream Milk 2L')).head).toEqual(['milk']);
    expect(docFields(doc('Milk Chocolate Block 180g')).head).toEqual(['block']);
    expect(docFields(doc('Toddler Milk Stage 3 900g')).head).toEqual(['milk']);
    expect(docFields(doc('Full Cream Milk 2L Value Pack 2')).head).toEqual(['milk']);
  });

  it('keeps quantities out of the name field, with their bare number', () => {
    const fields = docFields(doc('Toilet Paper 24 pack'));
    expect(fields.name).toEqual(['toilet', 'paper']);
    expect(fields.size).toEqual(['24pack', '24']);
  });
});
