import { CATEGORIES } from '../../../libs/catalog/src/categories';
import { demoCatalog, demoImages } from '../../../libs/catalog/src/demo-catalog';
import { kindOf, storefrontImages, wrapTitle } from './product-images';

describe('the storefront pictures', () => {
  const files = storefrontImages();

  it('draws one picture for every image path the demo catalog names, and one per aisle', () => {
    for (const product of demoCatalog(2000)) expect(files.has(product.imageUrl.slice(1))).toBe(true);
    for (const { id } of CATEGORIES) expect(files.has(`images/aisles/${id}.svg`)).toBe(true);
    expect(files.size).toBe(new Set(demoImages().map((image) => image.path)).size + CATEGORIES.length);
  });

  it('keeps every picture light (under 2 KB) and well-formed SVG with its size set', () => {
    for (const [path, svg] of files) {
      expect({ path, bytes: Buffer.byteLength(svg) }).toEqual({ path, bytes: expect.any(Number) as number });
      expect(Buffer.byteLength(svg)).toBeLessThan(2048);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 320 240" width="320" height="240">/);
      expect(svg.endsWith('</svg>')).toBe(true);
      // Names such as "Salt & Vinegar Chips" are escaped.
      expect(svg).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it('writes the line name on the product picture', () => {
    expect(files.get('images/products/dairy-eggs/full-cream-milk.svg')).toContain('>Full Cream Milk</tspan>');
    expect(files.get('images/products/snacks/salt-vinegar-chips.svg')).toContain('Salt &amp; Vinegar');
  });

  it('draws each kind of product as what it is', () => {
    expect(kindOf('dairy-eggs', 'Full Cream Milk')).toBe('carton');
    expect(kindOf('pantry', 'Coconut Milk')).toBe('can');
    expect(kindOf('snacks', 'Milk Chocolate Block')).toBe('bar');
    expect(kindOf('dairy-eggs', 'Free Range Eggs')).toBe('eggs');
    expect(kindOf('bakery', 'Banana Bread')).toBe('loaf');
    expect(kindOf('fruit-veg', 'Bananas')).toBe('banana');
    expect(kindOf('fruit-veg', 'Royal Gala Apples')).toBe('fruit');
    expect(kindOf('frozen', 'Frozen Berries')).toBe('bag');
    expect(kindOf('household', 'Toilet Paper')).toBe('roll');
    expect(kindOf('frozen', 'Spring Rolls')).toBe('box');
    expect(kindOf('frozen', 'Chocolate Ice Cream')).toBe('jar');
    expect(kindOf('personal-care', 'Shampoo')).toBe('bottle');
    expect(kindOf('pantry', 'Extra Virgin Olive Oil')).toBe('bottle');
  });

  it('wraps a long name onto two lines', () => {
    expect(wrapTitle('Full Cream Milk')).toEqual(['Full Cream Milk']);
    expect(wrapTitle('Infant Formula Stage 1')).toEqual(['Infant Formula', 'Stage 1']);
  });
});
