import { etagOf } from './cache-entry';
import { notModified, publicCacheControl } from './http-caching';

describe('HTTP caching', () => {
  const http = { maxAgeS: 10, staleWhileRevalidateS: 20 };

  it('bounds max-age and stale-while-revalidate by a route whose entries live shorter', () => {
    expect(publicCacheControl(http)).toBe('public, max-age=10, stale-while-revalidate=20');
    expect(publicCacheControl(http, 15_000)).toBe('public, max-age=10, stale-while-revalidate=5');
    expect(publicCacheControl(http, 8_000)).toBe('public, max-age=8');
    expect(publicCacheControl({ maxAgeS: 0, staleWhileRevalidateS: 0 })).toBe('public, max-age=0');
  });

  it('compares If-None-Match weakly, over lists and *', () => {
    const etag = etagOf('{"id":"a"}');
    expect(etag).toBe(etagOf('{"id":"a"}'));
    expect(etag).not.toBe(etagOf('{"id":"b"}'));
    expect(notModified(undefined, etag)).toBe(false);
    expect(notModified(etag, etag)).toBe(true);
    expect(notModified(`"x", ${etag}`, etag)).toBe(true);
    expect(notModified(`W/${etag}`, etag)).toBe(true);
    expect(notModified('*', etag)).toBe(true);
    expect(notModified('"x"', etag)).toBe(false);
    expect(notModified(etag.slice(1, -1), etag)).toBe(false);
  });
});
