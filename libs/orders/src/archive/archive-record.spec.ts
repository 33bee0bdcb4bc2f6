import type { StoredOrder } from '../order';
import { decodeMember, decodeObject, encodeMember, newSealingKey, openRecord, sealOrder } from './archive-record';

const order: StoredOrder = {
  id: 'ord_1',
  customerId: 'alice',
  email: 'alice@example.com',
  idempotencyKey: 'k-12345678',
  fingerprint: 'f',
  status: 'DELIVERED',
  lines: [],
  subtotalCents: 500,
  deliveryFeeCents: 0,
  totalCents: 500,
  authorisedCents: 500,
  currency: 'AUD',
  deliveryAddress: { name: 'Alice N', line1: '1 Secret St', city: 'Sydney', postcode: '2000', country: 'AU' },
  timeline: [{ status: 'DELIVERED', at: '2026-01-02T00:00:00.000Z' }],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  outbox: {},
  work: {},
};

describe('archived records', () => {
  it('seal personal fields: the line holds no address or e-mail, and opens back to the same order with the key', () => {
    const key = newSealingKey();
    const member = encodeMember(sealOrder(order, key, 'b1', '2026-06-01T00:00:00.000Z'));
    const record = decodeMember(member);
    expect(JSON.stringify(record)).not.toMatch(/Secret|alice@example/);
    expect(openRecord(record, key)).toEqual(order);
  });

  it('open without personal data once the key is gone or replaced', () => {
    const record = decodeMember(encodeMember(sealOrder(order, newSealingKey(), 'b1', 'now')));
    const { email: _email, deliveryAddress: _address, ...withoutPersonal } = order;
    expect(openRecord(record, undefined)).toEqual(withoutPersonal);
    expect(openRecord(record, newSealingKey())).toEqual(withoutPersonal);
  });

  it('never seal personal data read before the customer was erased', () => {
    const key = { ...newSealingKey(), erasedAt: '2026-03-01T00:00:00.000Z' };
    expect(sealOrder(order, key, 'b1', 'now').sealed).toBeUndefined();
    expect(sealOrder({ ...order, updatedAt: '2026-03-02T00:00:00.000Z' }, key, 'b1', 'now').sealed).toBeDefined();
  });

  it('concatenated members are one gzip file of JSON lines', () => {
    const key = newSealingKey();
    const body = Buffer.concat([encodeMember(sealOrder(order, key, 'b', 'now')), encodeMember(sealOrder({ ...order, id: 'ord_2' }, key, 'b', 'now'))]);
    expect(decodeObject(body).map((record) => record.order.id)).toEqual(['ord_1', 'ord_2']);
  });
});
