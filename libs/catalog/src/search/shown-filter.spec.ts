import { ShownFilter } from './shown-filter';

const ids = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `de-${String(from + i).padStart(6, '0')}`);

describe('the filter of products shown', () => {
  it('never forgets an id it was given, through encoding', () => {
    const shown = ids(0, 300);
    const filter = ShownFilter.decode(ShownFilter.empty().with(shown.slice(0, 150)).with(shown.slice(150)).encode())!;
    for (const id of shown) expect(filter.has(id)).toBe(true);
  });

  it('holds few ids it was not given after a few pages', () => {
    const filter = ShownFilter.empty().with(ids(0, 200));
    const strangers = ids(500_000, 10_000).filter((id) => filter.has(id));
    expect(strangers.length).toBeLessThan(50);
  });

  it('starts empty and refuses what is not a filter', () => {
    expect(ShownFilter.empty().has('de-000001')).toBe(false);
    expect(ShownFilter.decode('not-a-filter')).toBeUndefined();
    expect(ShownFilter.decode(Buffer.alloc(10).toString('base64url'))).toBeUndefined();
  });
});
