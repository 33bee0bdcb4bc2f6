import { demoCatalog } from '../../catalog/src/demo-catalog';
import { DAY_MS } from './buy-it-again';
import { CatalogIndex, makeCustomer, type Choice, type Customer, type Part } from './customer-profile';
import type { CatalogItem, HistoryOrder } from './model';
import { deriveSeed, Random } from './random';
import type { Season } from './shopping-habits';

/**
 * A seeded, deterministic order history with the structure real grocery data has: households
 * with staples on their own cadence (milk every few days, coffee every few weeks), favourite
 * meals whose ingredients go in one basket (pasta night: pasta, sauce, parmesan, mince),
 * routine restocks (nappies, pet food, cleaning), exploration along a long tail, and
 * southern-hemisphere seasons (ice cream and barbecues in January, soups and roasts in July).
 *
 * Orders stream out in time order (a generator function): memory holds the customers' state,
 * never the orders, so 100k orders take seconds and constant memory.
 */

export interface GeneratorOptions {
  readonly customers: number;
  readonly days: number;
  readonly seed: number;
  /** First day (UTC), `YYYY-MM-DD`; default 2026-01-01. */
  readonly start?: string;
  /** Default: {@link demoCatalogItems} of the 2,000-product demo range the app seeds. */
  readonly catalog?: readonly CatalogItem[];
}

export const MIN_BASKET_LINES = 5;
export const MAX_BASKET_LINES = 40;

/** The demo catalog (what `start:dev` seeds) in the shape the recommender uses. */
export function demoCatalogItems(count = 2000): CatalogItem[] {
  // A product's id is its SKU in lower case (libs/catalog `productIdForSku`).
  return demoCatalog(count).map((product) => ({
    id: product.sku.toLowerCase(),
    category: product.category,
    name: product.name,
    priceCents: product.priceCents,
  }));
}

/** Day of year (0-based) of the seasons' peaks: mid-January summer, mid-July winter. */
const PEAK_DAY: Record<Season, number> = { summer: 14, winter: 195 };
const SEASON_AMPLITUDE = 0.8;

/** 1 + 0.8·cos(distance to the season's peak): 1.8 at the peak, 0.2 six months away. */
export function seasonFactor(season: Season | undefined, date: Date): number {
  if (!season) return 1;
  const dayOfYear = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS);
  return 1 + SEASON_AMPLITUDE * Math.cos((2 * Math.PI * (dayOfYear - PEAK_DAY[season])) / 365);
}

/** Builds one order's lines: product → quantity, in the order they were added. */
class Basket {
  readonly lines = new Map<string, number>();

  constructor(private readonly customer: Customer) {}

  /** The customer's product for a line; now and then another brand or size of it. */
  private productFor(choice: Choice): string {
    const { random } = this.customer;
    return choice.others.length > 0 && random.chance(0.15) ? random.pick(choice.others) : choice.preferred;
  }

  add(productId: string, quantity = 1): void {
    if (this.lines.size >= MAX_BASKET_LINES && !this.lines.has(productId)) return;
    this.lines.set(productId, Math.max(this.lines.get(productId) ?? 0, quantity));
  }

  addChoice(choice: Choice, bulky: boolean): void {
    const { random, size } = this.customer;
    this.add(this.productFor(choice), bulky && size >= 4 && random.chance(0.4) ? 2 : random.chance(0.08) ? 2 : 1);
  }

  addParts(parts: readonly Part[]): void {
    for (const part of parts) if (this.customer.random.chance(part.p)) this.addChoice(part.choice, false);
  }
}

function explore(customer: Customer, index: CatalogIndex, basket: Basket): void {
  const { random } = customer;
  const useAisle = random.chance(0.5);
  const sampler = useAisle ? index.byAisle.get(random.pick(customer.favouriteAisles)) : undefined;
  basket.add((sampler ?? index.everything).draw(random));
}

/** One customer's order on `day`: staples that are due, routines, meals, a little exploring. */
function shop(customer: Customer, index: CatalogIndex, day: number, date: Date): Map<string, number> {
  const { random } = customer;
  const basket = new Basket(customer);
  for (const staple of customer.staples) {
    const interval = staple.everyDays / seasonFactor(staple.season, date);
    const due = day - staple.lastDay >= interval * random.between(0.8, 1.2);
    if (due || random.chance(0.04)) {
      basket.addChoice(staple.choice, true);
      staple.lastDay = day;
    }
  }
  for (const routine of customer.routines) {
    if (day - routine.lastDay >= routine.everyDays * random.between(0.8, 1.2)) {
      basket.addParts(routine.parts);
      routine.lastDay = day;
    }
  }
  let cooked = 0;
  for (const meal of customer.meals) {
    if (cooked < 3 && random.chance(Math.min(0.95, meal.rate * seasonFactor(meal.recipe.season, date)))) {
      basket.addParts(meal.parts);
      cooked += 1;
    }
  }
  if (customer.otherMeals.length > 0 && random.chance(0.25)) {
    const meal = random.pick(customer.otherMeals);
    if (random.chance(Math.min(1, seasonFactor(meal.recipe.season, date)))) basket.addParts(meal.parts);
  }
  for (let n = random.poisson(customer.exploreMean); n > 0; n--) explore(customer, index, basket);
  // A delivery has a minimum: short baskets get topped up with whatever catches the eye.
  for (let guard = 0; basket.lines.size < MIN_BASKET_LINES && guard < 50; guard++) explore(customer, index, basket);
  return basket.lines;
}

function nextVisit(customer: Customer, day: number): number {
  const { random } = customer;
  const away = random.chance(0.03) ? 7 : 0;
  return day + Math.max(1, Math.round(customer.orderEveryDays * random.between(0.7, 1.3))) + away;
}

/**
 * Orders of `customers` customers over `days` days, in time order. The same options always
 * give the same orders, and each customer's history depends only on the seed and their
 * number, not on how many customers are generated.
 */
export function* generateOrderHistory(options: GeneratorOptions): Generator<HistoryOrder> {
  const { customers: count, days, seed } = options;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(days) || days < 0)
    throw new Error('customers and days must be integers >= 0');
  const startMs = Date.parse(`${options.start ?? '2026-01-01'}T00:00:00Z`);
  if (!Number.isFinite(startMs)) throw new Error(`bad start date: ${String(options.start)}`);
  const index = new CatalogIndex(options.catalog ?? demoCatalogItems(), seed);
  // A bucket per day of who shops that day: O(orders) rather than O(days × customers).
  const dueOn: Customer[][] = Array.from({ length: days }, () => []);
  for (let number = 1; number <= count; number++) {
    const customer = makeCustomer(index, Random.seeded(deriveSeed(seed, number)), number, days);
    if (customer.firstDay < days) dueOn[customer.firstDay]!.push(customer);
  }
  let sequence = 0;
  for (let day = 0; day < days; day++) {
    const date = new Date(startMs + day * DAY_MS);
    const todays: HistoryOrder[] = [];
    for (const customer of dueOn[day]!) {
      const lines = shop(customer, index, day, date);
      // Placed between 07:00 and 22:59 (UTC: the recommender only needs an order in time).
      const minute = customer.random.int(7 * 60, 23 * 60 - 1);
      const placedAt = new Date(
        startMs + day * DAY_MS + minute * 60_000 + customer.random.int(0, 59_999),
      ).toISOString();
      todays.push({
        orderId: '',
        customerId: customer.id,
        placedAt,
        lines: [...lines].map(([productId, quantity]) => ({ productId, quantity })),
      });
      const next = nextVisit(customer, day);
      if (next < days) dueOn[next]!.push(customer);
    }
    dueOn[day] = [];
    todays.sort((a, b) =>
      a.placedAt < b.placedAt ? -1 : a.placedAt > b.placedAt ? 1 : a.customerId < b.customerId ? -1 : 1,
    );
    for (const order of todays) {
      sequence += 1;
      yield { ...order, orderId: `o-${String(sequence).padStart(8, '0')}` };
    }
  }
}
