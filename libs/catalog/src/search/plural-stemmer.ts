/**
 * A light English plural stemmer, so `apples` finds `Apple` and `tomato` finds `Tomatoes`.
 * It only undoes plurals (no Porter-style suffix stripping: `baking` must not find `bake`),
 * and it is applied alike to indexed and query words, so a rule only has to be consistent,
 * not linguistically exact: `cookies` and `cookie` both become `cooky`.
 */

/** Irregular plurals a supermarket meets; the rules below would get them wrong. */
const IRREGULAR: Readonly<Record<string, string>> = {
  loaves: 'loaf',
  leaves: 'leaf',
  halves: 'half',
  knives: 'knife',
  shelves: 'shelf',
  children: 'child',
  teeth: 'tooth',
  feet: 'foot',
  mice: 'mouse',
  geese: 'goose',
};

/** Words ending in s that are not plurals (or whose plural is the same word). */
const INVARIANT = new Set(['series', 'species', 'molasses', 'couscous', 'hummus', 'asparagus', 'citrus', 'swiss']);

const MIN_LENGTH = 4;

/** The singular form used in the index; words that are not plain lower-case Latin letters pass unchanged. */
export function stemPlural(word: string): string {
  if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word)) return word;
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  if (INVARIANT.has(word) || /(ss|us|is)$/.test(word)) return word;
  // berries → berry, lollies → lolly; but pies → pie (too short to be a -y word).
  if (word.endsWith('ies')) return word.length > MIN_LENGTH ? `${word.slice(0, -3)}y` : word.slice(0, -1);
  // cookie and cookies (→ cooky above) must meet; brie (4 letters) stays.
  if (word.endsWith('ie') && word.length > MIN_LENGTH) return `${word.slice(0, -2)}y`;
  // peaches → peach, dishes → dish, boxes → box, glasses → glass, potatoes → potato.
  if (/(ch|sh|x|z|ss|o)es$/.test(word)) return word.slice(0, -2);
  // bananas → banana, grapes → grape, sausages → sausage.
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
