import { ErrorCode } from '@gomart/contracts';
import { openOrderLimitProblem, type OpenOrder } from './open-order-limits';

const order = (id: string, ...lines: [string, number][]): OpenOrder => ({ id, lines: lines.map(([productId, quantity]) => ({ productId, quantity })) });

describe('openOrderLimitProblem', () => {
  const limits = { maxOpenOrders: 2, maxUnitsPerProduct: 10 };

  it('allows up to the limits, counting the order being placed', () => {
    expect(openOrderLimitProblem([order('a', ['p1', 5]), order('b', ['p1', 5])], limits)).toBeUndefined();
  });

  it('refuses one open order too many', () => {
    const problem = openOrderLimitProblem([order('a', ['p1', 1]), order('b', ['p2', 1]), order('c', ['p3', 1])], limits);
    expect(problem?.code).toBe(ErrorCode.TOO_MANY_OPEN_ORDERS);
    expect(problem?.details).toEqual({ limit: 'orders', max: 2 });
  });

  it('refuses more units of one product across orders than allowed', () => {
    const problem = openOrderLimitProblem([order('a', ['p1', 6], ['p2', 1]), order('b', ['p1', 5])], limits);
    expect(problem?.details).toEqual({ limit: 'unitsPerProduct', max: 10, productId: 'p1', units: 11 });
  });

  it('switches each limit off with 0', () => {
    const many = Array.from({ length: 50 }, (_, index) => order(String(index), ['p1', 20]));
    expect(openOrderLimitProblem(many, { maxOpenOrders: 0, maxUnitsPerProduct: 0 })).toBeUndefined();
  });
});
