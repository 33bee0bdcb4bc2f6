import { CATEGORY_IDS } from './categories';
import { demoCatalog, demoImages } from './demo-catalog';

describe('demo catalog', () => {
  const products = demoCatalog(2000);
  const images = new Set(demoImages().map((image) => image.path));

  it('is a realistic range: 2,000 products over every aisle, each complete', () => {
    expect(products).toHaveLength(2000);
    expect(new Set(products.map((product) => product.category))).toEqual(new Set(CATEGORY_IDS));
    expect(CATEGORY_IDS.length).toBeGreaterThanOrEqual(10);
    for (const product of products) {
      expect(product.priceCents).toBeGreaterThan(0);
      expect(Number.isInteger(product.priceCents)).toBe(true);
      expect(product.stock).toBeGreaterThanOrEqual(0);
      expect(['each', 'kg', 'pack']).toContain(product.unit);
      expect(product.imageUrl).toMatch(new RegExp(`^/images/products/${product.category}/[a-z0-9-]+\\.svg$`));
      expect(images.has(product.imageUrl)).toBe(true);
    }
  });

  it('has unique SKUs and unique brand + name pairs', () => {
    expect(new Set(products.map((product) => product.sku)).size).toBe(products.length);
    expect(new Set(products.map((product) => `${product.brand}|${product.name}`)).size).toBe(products.length);
  });

  it('is deterministic, and a larger catalog extends a smaller one', () => {
    expect(demoCatalog(2000)).toEqual(products);
    expect(demoCatalog(50_000).slice(0, 2000)).toEqual(products);
    expect(new Set(demoCatalog(50_000).map((product) => product.sku)).size).toBe(50_000);
  });
});
