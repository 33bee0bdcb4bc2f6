import { DomainError } from '@gomart/contracts';
import { decodeCursor, encodeCursor } from './page-cursor';

const KEY = ['customerId', 'customerSortKey', 'id'];
const key = { customerId: 'alice', customerSortKey: '2026-12-01T00:00:00.000Z#ord_1', id: 'ord_1' };
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(cursor: string, accept?: (key: Record<string, string>) => boolean): unknown {
  try {
    decodeCursor('orders', cursor, KEY, accept);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('page cursors', () => {
  it('round-trip the key of the listing that issued them', () => {
    expect(decodeCursor('orders', encodeCursor('orders', key), KEY, (k) => k.customerId === 'alice')).toEqual(key);
  });

  it.each([
    ['another listing', encodeCursor('category', key)],
    ['an extra key attribute', forge({ m: 'orders', k: { ...key, category: 'x' } })],
    ['a missing key attribute', forge({ m: 'orders', k: { customerId: 'alice', id: 'ord_1' } })],
    ['an extra top-level field', forge({ m: 'orders', k: key, x: 1 })],
    ['a number where a string belongs', forge({ m: 'orders', k: { ...key, id: 7 } })],
    ['an empty part', forge({ m: 'orders', k: { ...key, id: '' } })],
    ['an array', forge({ m: 'orders', k: [1, 2, 3] })],
    ['not JSON', 'bm90IGpzb24'],
    ['not base64', '!!!'],
  ])('refuse %s as a 400 on the cursor field', (_what, cursor) => {
    expect(refusal(cursor)).toBeInstanceOf(DomainError);
    expect(refusal(cursor)).toMatchObject({ code: 'INVALID_CURSOR', details: { fields: [{ field: 'cursor' }] } });
  });

  it("refuse another partition's key (another customer's orders)", () => {
    expect(refusal(encodeCursor('orders', { ...key, customerId: 'bob' }), (k) => k.customerId === 'alice')).toBeInstanceOf(DomainError);
  });
});
