import { exceedsDepth } from './json-body';

describe('exceedsDepth', () => {
  it('counts nesting of arrays and objects, not brackets inside strings', () => {
    expect(exceedsDepth('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(exceedsDepth('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(exceedsDepth(`{"a":"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(exceedsDepth(`{"a":"\\"${'{'.repeat(100)}"}`, 2)).toBe(false);
  });

  it('answers at once for a 100,000-deep body', () => {
    expect(exceedsDepth('['.repeat(100_000) + ']'.repeat(100_000), 32)).toBe(true);
  });
});
