import type { CatalogItem } from './model';
import { Random, WeightedSampler } from './random';
import { habitLines, RECIPES } from './recipes';
import { STAPLES, type Household, type Ingredient, type Recipe, type Season } from './shopping-habits';

/**
 * The generator's customers: a household (size, diet, baby, pets), staples each on its own
 * cadence, favourite meals, routine restocks, a taste for exploring. Built once per customer
 * from that customer's own random stream.
 */

/** The catalog as the generator uses it: the products of each habit line, and samplers for exploring. */
export class CatalogIndex {
  readonly byLine = new Map<string, readonly string[]>();
  readonly aisles: readonly string[];
  readonly everything: WeightedSampler<string>;
  readonly byAisle = new Map<string, WeightedSampler<string>>();

  constructor(
    readonly items: readonly CatalogItem[],
    seed: number,
  ) {
    if (items.length === 0) throw new Error('the generator needs a catalog with products');
    const lines = habitLines().map((line) => ({ line, pattern: new RegExp(`(^|\\s)${escapeRegExp(line)}(\\s|$)`) }));
    const byLine = new Map<string, string[]>();
    for (const item of items) {
      // Longest line name first, so "Cola Cans 10 pack" is a can of "Cola Cans", not "Cola".
      const match = lines.find(({ pattern }) => pattern.test(item.name));
      if (match) pushTo(byLine, match.line, item.id);
    }
    byLine.forEach((ids, line) => this.byLine.set(line, ids));
    // Exploration follows a long tail: a seeded shuffle of the catalog ranked by a Zipf law,
    // so a few products are bought on impulse by many and most by few.
    const random = Random.seeded(seed);
    const shuffled = [...items].sort((a, b) => (a.id < b.id ? -1 : 1)).map((item) => ({ item, key: random.next() }));
    shuffled.sort((a, b) => a.key - b.key);
    const zipf = (rank: number) => 1 / (rank + 1) ** 0.9;
    this.everything = new WeightedSampler(
      shuffled.map(({ item }) => item.id),
      shuffled.map((_, rank) => zipf(rank)),
    );
    const perAisle = new Map<string, string[]>();
    for (const { item } of shuffled) pushTo(perAisle, item.category, item.id);
    perAisle.forEach((ids, aisle) =>
      this.byAisle.set(
        aisle,
        new WeightedSampler(
          ids,
          ids.map((_, rank) => zipf(rank)),
        ),
      ),
    );
    this.aisles = [...perAisle.keys()].sort();
  }

  has(line: string): boolean {
    return this.byLine.has(line);
  }
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A line the customer buys: the product they settled on, and the others they switch to now and then. */
export interface Choice {
  readonly line: string;
  readonly preferred: string;
  readonly others: readonly string[];
}

export interface Part {
  readonly choice: Choice;
  readonly p: number;
}

export interface Meal {
  readonly recipe: Recipe;
  readonly parts: readonly Part[];
  /** Chance per order of shopping it, before the seasonal factor. */
  readonly rate: number;
}

export interface Routine {
  readonly parts: readonly Part[];
  readonly everyDays: number;
  lastDay: number;
}

export interface StapleHabit {
  readonly choice: Choice;
  readonly everyDays: number;
  readonly season?: Season;
  lastDay: number;
}

export interface Customer {
  readonly id: string;
  readonly random: Random;
  readonly size: number;
  readonly vegetarian: boolean;
  readonly orderEveryDays: number;
  readonly staples: readonly StapleHabit[];
  readonly meals: readonly Meal[];
  readonly routines: readonly Routine[];
  /** Meals they might cook now and then, from recipes other than their favourites. */
  readonly otherMeals: readonly Meal[];
  readonly exploreMean: number;
  readonly favouriteAisles: readonly string[];
  readonly firstDay: number;
}

const HOUSEHOLD_SIZES = [1, 2, 3, 4, 5, 6];
const HOUSEHOLD_WEIGHTS = [0.25, 0.33, 0.15, 0.17, 0.07, 0.03];

/** A customer's pick among a line's products: the first (house brand, smallest size) most often. */
function choose(index: CatalogIndex, random: Random, line: string): Choice | undefined {
  const ids = index.byLine.get(line);
  if (!ids) return undefined;
  const preferred = ids[random.weightedIndex(ids.map((_, rank) => 1 / (rank + 1) ** 1.2))]!;
  return { line, preferred, others: ids.filter((id) => id !== preferred) };
}

/** One of the alternatives (first ones likelier), limited to lines the catalog carries. */
function pickLine(index: CatalogIndex, random: Random, lines: readonly string[]): string | undefined {
  const known = lines.filter((line) => index.has(line));
  return known.length === 0 ? undefined : known[random.weightedIndex(known.map((_, rank) => 1 / (rank + 1)))];
}

function partsOf(index: CatalogIndex, random: Random, ingredients: readonly Ingredient[]): Part[] {
  const parts: Part[] = [];
  for (const ingredient of ingredients) {
    const line = pickLine(index, random, ingredient.lines);
    const choice = line === undefined ? undefined : choose(index, random, line);
    if (choice) parts.push({ choice, p: ingredient.p });
  }
  return parts;
}

/** The ingredients a household uses for a recipe, or undefined if it never cooks it. */
function ingredientsFor(recipe: Recipe, vegetarian: boolean): readonly Ingredient[] | undefined {
  if (!vegetarian) return recipe.ingredients;
  const meatless = recipe.ingredients.filter((part) => !part.meat);
  const essentialMeat = recipe.ingredients.some((part) => part.meat && part.p >= 0.9);
  if (essentialMeat && !recipe.vegetarian) return undefined;
  return [...meatless, ...(recipe.vegetarian ?? [])];
}

export function makeCustomer(index: CatalogIndex, random: Random, number: number, days: number): Customer {
  const size = HOUSEHOLD_SIZES[random.weightedIndex(HOUSEHOLD_WEIGHTS)]!;
  const households = new Set<Household>();
  if (size >= 3 && random.chance(0.75)) households.add('kids');
  if (size >= 2 && random.chance(0.12)) households.add('baby');
  if (random.chance(0.2)) households.add('dog');
  if (random.chance(0.15)) households.add('cat');
  const vegetarian = random.chance(0.1);
  // Bigger households shop more often and run through staples faster.
  const orderEveryDays = size === 1 ? random.between(7, 14) : size === 2 ? random.between(5, 10) : random.between(3, 8);
  const pace = Math.sqrt(size / 2);
  const staples: StapleHabit[] = [];
  for (const staple of STAPLES) {
    if (!random.chance(staple.share) || (vegetarian && staple.meat)) continue;
    const line = pickLine(index, random, staple.lines);
    const choice = line === undefined ? undefined : choose(index, random, line);
    const everyDays = Math.max(2, random.between(staple.everyDays[0], staple.everyDays[1]) / pace);
    if (choice) staples.push({ choice, everyDays, season: staple.season, lastDay: -Infinity });
  }
  const eligible = RECIPES.filter((recipe) => !recipe.requires || households.has(recipe.requires));
  const meals: Meal[] = [];
  const otherMeals: Meal[] = [];
  const routines: Routine[] = [];
  const favourites = random.int(2, 5);
  for (const recipe of eligible
    .map((r) => ({ r, key: random.next() }))
    .sort((a, b) => a.key - b.key)
    .map(({ r }) => r)) {
    const ingredients = ingredientsFor(recipe, vegetarian);
    if (!ingredients) continue;
    const parts = partsOf(index, random, ingredients);
    if (parts.length === 0) continue;
    if (recipe.everyDays) {
      if (recipe.requires || random.chance(0.6)) {
        routines.push({
          parts,
          everyDays: random.between(recipe.everyDays[0], recipe.everyDays[1]) / pace,
          lastDay: -Infinity,
        });
      }
    } else if (meals.length < favourites) {
      meals.push({ recipe, parts, rate: random.between(0.15, 0.5) });
    } else {
      otherMeals.push({ recipe, parts, rate: 0 });
    }
  }
  const favouriteAisles = [random.pick(index.aisles), random.pick(index.aisles)];
  // Most customers are there from the start; some join later, so short histories exist too.
  const firstDay = random.chance(0.75)
    ? random.int(0, Math.ceil(orderEveryDays) - 1)
    : random.int(0, Math.max(0, days - 1));
  return {
    id: `c-${String(number).padStart(6, '0')}`,
    random,
    size,
    vegetarian,
    orderEveryDays,
    staples,
    meals,
    routines,
    otherMeals,
    exploreMean: random.between(1, 4),
    favouriteAisles,
    firstDay,
  };
}
