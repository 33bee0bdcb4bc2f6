import { CATEGORIES } from './categories';
import { AISLES, AVERAGE_UNIT_GRAMS, type Aisle, type Line } from './demo-range';
import { demoImagePath } from './demo-images';
import { unitEstimateCents, type NewProduct } from './product';

/** A tiny seeded PRNG (mulberry32): deterministic and good enough for demo prices and stock. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every product one aisle can offer, in a stable order; then repeated as numbered value packs. */
function* aisleRange(aisle: Aisle): Generator<{ name: string; brand: string; line: Line; sizeIndex: number }> {
  for (let round = 1; ; round++) {
    for (const brand of aisle.brands) {
      for (const variant of aisle.variants) {
        for (const item of aisle.lines) {
          for (const [sizeIndex, size] of item.sizes.entries()) {
            const suffix = round > 1 ? ` Value Pack ${round}` : '';
            const name = [variant, item.name, size].filter(Boolean).join(' ') + suffix;
            yield { name, brand, line: item, sizeIndex };
          }
        }
      }
    }
  }
}

export function demoCatalog(count: number): NewProduct[] {
  const next = random(20_260_101);
  const ranges = CATEGORIES.map((category) => ({ category, range: aisleRange(AISLES[category.id]), serial: 0 }));
  const products: NewProduct[] = [];
  for (let index = 0; index < count; index++) {
    const aisle = ranges[index % ranges.length]!;
    const { value } = aisle.range.next() as IteratorYieldResult<{ name: string; brand: string; line: Line; sizeIndex: number }>;
    aisle.serial += 1;
    const sku = `${aisle.category.skuCode}-${String(aisle.serial).padStart(6, '0')}`;
    const base = value.line.price * (1 + value.sizeIndex * 0.8) * (0.85 + next() * 0.3);
    const roll = next();
    const price = Math.max(99, Math.round(base / 10) * 10 - 1);
    const grams = value.line.unit === 'kg' ? AVERAGE_UNIT_GRAMS[value.line.name] : undefined;
    products.push({
      sku,
      name: value.name,
      brand: value.brand,
      category: aisle.category.id,
      ...(grams
        ? { soldBy: 'per_kg' as const, pricePerKgCents: price, averageUnitGrams: grams, priceCents: unitEstimateCents(price, grams) }
        : { soldBy: 'each' as const, priceCents: price }),
      currency: 'AUD',
      unit: value.line.unit,
      // About 3% out of stock, the rest between 5 and 500 units.
      stock: roll < 0.03 ? 0 : 5 + Math.floor(next() * 496),
      imageUrl: demoImagePath(aisle.category.id, value.line.name),
    });
  }
  return products;
}


export { demoImagePath, demoImages } from './demo-images';
