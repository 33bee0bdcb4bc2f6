/**
 * The shopping habits the order-history generator draws customers from, as data. Product
 * "lines" are named as in the demo catalog (`Full Cream Milk`, `Pasta Sauce`, ...); each
 * customer settles on one product (brand, variant, size) of a line. A line the catalog does not
 * carry is skipped, so a smaller or renamed catalog still generates orders, only with less
 * structure.
 */

/** One line of a habit; given several `lines`, each customer picks one of them, once, for life. */
export interface Ingredient {
  readonly lines: readonly string[];
  /** Chance the line is in the basket when the habit is shopped. */
  readonly p: number;
  /** Meat or fish: vegetarian households leave it out. */
  readonly meat?: boolean;
}

export type Season = 'summer' | 'winter';
export type Household = 'kids' | 'baby' | 'dog' | 'cat';

/** Bought together on an occasion: a dinner, a routine restock. */
export interface Recipe {
  readonly name: string;
  readonly ingredients: readonly Ingredient[];
  /** Shopped more in this season (southern hemisphere: summer is December to February). */
  readonly season?: Season;
  /** Only households of this kind have it (nappies need a baby). */
  readonly requires?: Household;
  /** Vegetarian households replace the meat with these; without, they never cook it. */
  readonly vegetarian?: readonly Ingredient[];
  /** Bought on a cadence in days (a routine restock) rather than as an occasional meal. */
  readonly everyDays?: readonly [number, number];
}

/** A product re-bought on its own cadence: milk every few days, coffee every few weeks. */
export interface Staple {
  readonly lines: readonly string[];
  /** Share of customers for whom it is a staple. */
  readonly share: number;
  readonly everyDays: readonly [number, number];
  readonly meat?: boolean;
  readonly season?: Season;
}

/** One line, in the basket with chance `p` when the habit is shopped. */
export const one = (line: string, p = 1, meat = false): Ingredient => ({ lines: [line], p, meat });
/** One of several lines (the customer's pick), with chance `p`. */
export const anyOf = (lines: string[], p = 1, meat = false): Ingredient => ({ lines, p, meat });

/** Staples; `share` of customers have each (bananas and milk nearly everyone: the "C" of the spec). */
export const STAPLES: readonly Staple[] = [
  { lines: ['Bananas'], share: 0.85, everyDays: [4, 8] },
  {
    lines: ['Full Cream Milk', 'Skim Milk', 'Lactose Free Milk', 'Oat Milk', 'Almond Milk'],
    share: 0.85,
    everyDays: [3, 7],
  },
  { lines: ['White Sandwich Bread', 'Multigrain Bread', 'Sourdough Loaf'], share: 0.6, everyDays: [4, 8] },
  { lines: ['Free Range Eggs', 'Cage Free Eggs'], share: 0.5, everyDays: [7, 14] },
  { lines: ['Royal Gala Apples', 'Pink Lady Apples'], share: 0.45, everyDays: [6, 12] },
  { lines: ['Carrots'], share: 0.35, everyDays: [8, 14] },
  { lines: ['Brown Onions'], share: 0.35, everyDays: [10, 20] },
  { lines: ['Truss Tomatoes'], share: 0.3, everyDays: [6, 12] },
  { lines: ['Greek Yoghurt', 'Vanilla Yoghurt', 'Natural Yoghurt'], share: 0.35, everyDays: [6, 12] },
  { lines: ['Tasty Cheese Block', 'Cheddar Slices'], share: 0.35, everyDays: [10, 20] },
  { lines: ['Salted Butter'], share: 0.3, everyDays: [14, 28] },
  { lines: ['Baby Spinach'], share: 0.2, everyDays: [6, 10] },
  { lines: ['Hass Avocado'], share: 0.25, everyDays: [6, 12] },
  { lines: ['Blueberries', 'Strawberries'], share: 0.25, everyDays: [6, 12], season: 'summer' },
  { lines: ['Mandarins', 'Navel Oranges'], share: 0.25, everyDays: [6, 12], season: 'winter' },
  { lines: ['Ground Coffee'], share: 0.3, everyDays: [14, 28] },
  { lines: ['Tea Bags'], share: 0.25, everyDays: [21, 40] },
  { lines: ['Orange Juice', 'Apple Juice'], share: 0.2, everyDays: [7, 14] },
  { lines: ['Rolled Oats', 'Muesli', 'Corn Flakes'], share: 0.3, everyDays: [14, 28] },
  { lines: ['Spring Water', 'Sparkling Water'], share: 0.15, everyDays: [10, 20], season: 'summer' },
  { lines: ['Chicken Breast Fillets'], share: 0.3, everyDays: [7, 14], meat: true },
  { lines: ['Cola', 'Energy Drink'], share: 0.12, everyDays: [7, 14] },
  { lines: ['Vegemite', 'Peanut Butter', 'Strawberry Jam'], share: 0.2, everyDays: [21, 40] },
];
