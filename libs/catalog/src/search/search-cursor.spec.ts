import { ErrorCode } from '@gomart/contracts';
import type { SearchQuery } from './product-search';
import { CursorCodec, queryFingerprint } from './search-cursor';
import { InvalidCursorError } from './search-errors';

const query: SearchQuery = { q: 'milk', sort: 'relevance', limit: 20, inStock: true };
const state = {
  servedAt: 1_767_225_600_000,
  values: [0, 3.25, 12],
  id: 'de-000004',
  anchors: ['de-000004', 'de-000003'],
};

function flipCharacter(cursor: string, index: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const replacement = alphabet[(alphabet.indexOf(cursor[index]!) + 1) % alphabet.length]!;
  return cursor.slice(0, index) + replacement + cursor.slice(index + 1);
}

describe('search cursors', () => {
  const codec = new CursorCodec('test-secret');
  const fingerprint = queryFingerprint(query);

  it('round-trips a page boundary as an opaque base64url string', () => {
    const cursor = codec.encode(fingerprint, state);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('de-000004');
    expect(codec.decode(cursor, fingerprint)).toEqual(state);
  });

  it('carries the filter of products shown, for relevance pagings', () => {
    const withShown = { ...state, shown: 'filter-bits' };
    expect(codec.decode(codec.encode(fingerprint, withShown), fingerprint)).toEqual(withShown);
  });

  it('binds a cursor to its query, not to the page size', () => {
    const cursor = codec.encode(fingerprint, state);
    expect(queryFingerprint({ ...query, limit: 50 })).toBe(fingerprint);
    for (const other of [
      { ...query, q: 'milk chocolate' },
      { ...query, inStock: false },
      { ...query, sort: 'name' as const },
    ]) {
      expect(() => codec.decode(cursor, queryFingerprint(other))).toThrow(InvalidCursorError);
    }
  });

  it('refuses a cursor with any character changed', () => {
    const cursor = codec.encode(fingerprint, state);
    for (let index = 0; index < cursor.length; index++) {
      const tampered = flipCharacter(cursor, index);
      // The last character may carry unused bits; a change there leaves the bytes as they were.
      if (Buffer.from(tampered, 'base64url').equals(Buffer.from(cursor, 'base64url'))) continue;
      expect(() => codec.decode(tampered, fingerprint)).toThrow(InvalidCursorError);
    }
  });

  it('refuses cursors cut short, signed with another key, or not cursors at all', () => {
    const cursor = codec.encode(fingerprint, state);
    const foreign = new CursorCodec('another-secret').encode(fingerprint, state);
    const unsigned = Buffer.from(JSON.stringify({ v: 1, f: fingerprint, t: 0, k: [], i: 'x', a: [] })).toString(
      'base64url',
    );
    for (const bad of [cursor.slice(0, -4), foreign, unsigned, '', 'not a cursor!', 'A'.repeat(5000), 'eyJrIjoxfQ']) {
      expect(() => codec.decode(bad, fingerprint)).toThrow(InvalidCursorError);
    }
  });

  it('is an INVALID_CURSOR on the cursor field', () => {
    try {
      codec.decode('bogus', fingerprint);
      throw new Error('decoded a bogus cursor');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCursorError);
      expect((error as InvalidCursorError).code).toBe(ErrorCode.INVALID_CURSOR);
      expect((error as InvalidCursorError).toBody().details).toEqual({
        fields: [{ field: 'cursor', problems: [InvalidCursorError.message] }],
      });
    }
  });
});
