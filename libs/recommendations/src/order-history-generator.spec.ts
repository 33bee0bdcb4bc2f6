import {
  demoCatalogItems,
  generateOrderHistory,
  MAX_BASKET_LINES,
  MIN_BASKET_LINES,
  seasonFactor,
} from './order-history-generator';
import type { HistoryOrder } from './model';

const catalog = demoCatalogItems(2000);
const byName = (line: string) =>
  new Set(catalog.filter((item) => new RegExp(`(^|\\s)${line}(\\s|$)`).test(item.name)).map((item) => item.id));
const history = [...generateOrderHistory({ customers: 300, days: 365, seed: 7, catalog })];

/** Share of baskets holding any product of the set, over the baskets `where` selects. */
function share(products: ReadonlySet<string>, where: (order: HistoryOrder) => boolean = () => true): number {
  const orders = history.filter(where);
  return orders.filter((order) => order.lines.some((line) => products.has(line.productId))).length / orders.length;
}

const month = (order: HistoryOrder) => Number(order.placedAt.slice(5, 7));

describe('order history generator', () => {
  it('is deterministic: the same options give the same orders, another seed others', () => {
    const again = [...generateOrderHistory({ customers: 300, days: 365, seed: 7, catalog })];
    // Compared as text: jest's deep equality over 15k orders takes seconds.
    expect(JSON.stringify(again)).toBe(JSON.stringify(history));
    const other = [...generateOrderHistory({ customers: 300, days: 365, seed: 8, catalog })];
    expect(other.slice(0, 50)).not.toEqual(history.slice(0, 50));
  });

  it('gives each customer the same history however many customers are generated', () => {
    const fewer = [...generateOrderHistory({ customers: 50, days: 365, seed: 7, catalog })];
    const strip = (orders: HistoryOrder[], id: string) =>
      orders.filter((o) => o.customerId === id).map(({ placedAt, lines }) => ({ placedAt, lines }));
    expect(strip(fewer, 'c-000042')).toEqual(strip(history, 'c-000042'));
    expect(strip(fewer, 'c-000042').length).toBeGreaterThan(0);
  });

  it('streams orders in time order with unique ids, baskets of 5 to 40 catalog products', () => {
    const known = new Set(catalog.map((item) => item.id));
    expect(history.length).toBeGreaterThan(8000);
    expect(new Set(history.map((order) => order.orderId)).size).toBe(history.length);
    // Checked in plain code and reported at once: an expect per line would be 200k expects.
    const problems: string[] = [];
    history.forEach((order, index) => {
      if (index > 0 && order.placedAt < history[index - 1]!.placedAt)
        problems.push(`${order.orderId} out of time order`);
      const size = order.lines.length;
      if (size < MIN_BASKET_LINES || size > MAX_BASKET_LINES) problems.push(`${order.orderId} has ${size} lines`);
      if (new Set(order.lines.map((line) => line.productId)).size !== size)
        problems.push(`${order.orderId} repeats a product`);
      for (const line of order.lines) {
        if (!known.has(line.productId) || !(line.quantity >= 1))
          problems.push(`${order.orderId}: ${JSON.stringify(line)}`);
      }
    });
    expect(problems).toEqual([]);
    expect(history[0]!.placedAt.startsWith('2026-01-01')).toBe(true);
  });

  it('buys the ingredients of a recipe together', () => {
    const sauce = byName('Pasta Sauce');
    const pasta = new Set([...byName('Spaghetti'), ...byName('Penne')]);
    const withPasta = share(sauce, (order) => order.lines.some((line) => pasta.has(line.productId)));
    // Lift: pasta sauce is several times likelier in a basket with pasta than in any basket.
    expect(withPasta / share(sauce)).toBeGreaterThan(3);
  });

  it('has staples bought by most households, and customers who re-buy their own products', () => {
    expect(share(byName('Bananas'))).toBeGreaterThan(0.3);
    const perCustomer = new Map<string, Map<string, number>>();
    for (const order of history) {
      const counts = perCustomer.get(order.customerId) ?? new Map<string, number>();
      for (const line of order.lines) counts.set(line.productId, (counts.get(line.productId) ?? 0) + 1);
      perCustomer.set(order.customerId, counts);
    }
    const repeaters = [...perCustomer.values()].filter((counts) => [...counts.values()].some((count) => count >= 5));
    expect(repeaters.length / perCustomer.size).toBeGreaterThan(0.8);
  });

  it('sells more ice cream in the southern summer and more soup stock in winter', () => {
    const iceCream = new Set([...byName('Vanilla Ice Cream'), ...byName('Chocolate Ice Cream')]);
    const stock = byName('Chicken Stock');
    const summer = (order: HistoryOrder) => [12, 1, 2].includes(month(order));
    const winter = (order: HistoryOrder) => [6, 7, 8].includes(month(order));
    expect(share(iceCream, summer)).toBeGreaterThan(1.5 * share(iceCream, winter));
    expect(share(stock, winter)).toBeGreaterThan(1.5 * share(stock, summer));
    expect(seasonFactor('summer', new Date('2026-01-15T00:00:00Z'))).toBeCloseTo(1.8, 2);
    expect(seasonFactor('summer', new Date('2026-07-16T00:00:00Z'))).toBeCloseTo(0.2, 1);
  });

  it('refuses nonsense sizes', () => {
    expect(() => [...generateOrderHistory({ customers: -1, days: 10, seed: 1 })]).toThrow(/customers and days/);
    expect(() => [...generateOrderHistory({ customers: 1, days: 10, seed: 1, catalog: [] })]).toThrow(/catalog/);
  });
});
