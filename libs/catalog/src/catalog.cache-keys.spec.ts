import { CatalogCacheKeys } from './catalog.cache-keys';

describe('catalog cache keys', () => {
  it('key a listing by its parameters, whatever their order', () => {
    expect(CatalogCacheKeys.listing({ q: 'milk', category: 'dairy-eggs', limit: '20' })).toBe(
      CatalogCacheKeys.listing({ limit: '20', category: 'dairy-eggs', q: 'milk' }),
    );
  });

  it('tell listings apart by every value, repeated parameters included', () => {
    const keys = [
      CatalogCacheKeys.listing({ q: 'milk' }),
      CatalogCacheKeys.listing({ q: 'milk ' }),
      CatalogCacheKeys.listing({ q: 'milk', cursor: 'abc' }),
      CatalogCacheKeys.listing({ q: ['milk', 'bread'] }),
      CatalogCacheKeys.listing({ q: ['bread', 'milk'] }),
      CatalogCacheKeys.listing({}),
    ];
    expect(new Set(keys.slice(0, 4)).size).toBe(4);
    expect(keys[3]).toBe(keys[4]);
    expect(keys[5]).toBe('catalog:products?');
  });

  it('escape values, so no query can forge another key', () => {
    expect(CatalogCacheKeys.listing({ q: 'a&category=frozen' })).not.toBe(CatalogCacheKeys.listing({ q: 'a', category: 'frozen' }));
    expect(CatalogCacheKeys.product('de-000001')).toBe('catalog:product:de-000001');
  });
});
