import type { Product, ShortLine, Substitute } from '../api/types';
import { createPersistedStore, local, useStore } from './store';

/** What the basket remembers of a product, so it can show the line before the catalog answers. */
export type BasketProduct = Pick<
  Product,
  'id' | 'name' | 'brand' | 'category' | 'priceCents' | 'currency' | 'unit' | 'stock' | 'imageUrl' | 'soldBy' | 'pricePerKgCents' | 'averageUnitGrams'
>;

export interface BasketLine {
  readonly productId: string;
  readonly quantity: number;
  /** What the picker may do when the product is short: `similar` (the API's default), `none`, or a product id. */
  readonly substitute: Substitute;
  readonly product: BasketProduct;
}

export interface Basket {
  readonly lines: readonly BasketLine[];
}

/** Versioned: a change of shape bumps the version, and an old basket is simply not read. */
export const BASKET_STORAGE_KEY = 'gomart.basket.v1';
/** The API's ORDER_MAX_QUANTITY default: units of one product per order. */
export const MAX_QUANTITY_PER_LINE = 20;
/** Weighed items are authorised up to this much above their estimate. */
export const WEIGHED_BUFFER_PERCENT = 10;

const empty: Basket = { lines: [] };

function parseBasket(raw: unknown): Basket | undefined {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as Basket).lines)) return undefined;
  const lines = (raw as Basket).lines.filter(
    (line) =>
      typeof line.productId === 'string' &&
      Number.isInteger(line.quantity) &&
      line.quantity > 0 &&
      typeof line.product === 'object' &&
      typeof line.product.priceCents === 'number',
  );
  return { lines: lines.map((line) => ({ ...line, substitute: typeof line.substitute === 'string' ? line.substitute : 'similar' })) };
}

const store = createPersistedStore<Basket>(local, BASKET_STORAGE_KEY, parseBasket, empty);

function snapshot(product: Product | BasketProduct): BasketProduct {
  const { id, name, brand, category, priceCents, currency, unit, stock, imageUrl, soldBy, pricePerKgCents, averageUnitGrams } = product;
  return { id, name, brand, category, priceCents, currency, unit, stock, imageUrl, soldBy, pricePerKgCents, averageUnitGrams };
}

/** The most of a product one order may have: the per-line cap, and what is in stock. */
export function maxQuantityOf(product: Pick<Product, 'stock'>): number {
  return Math.max(0, Math.min(MAX_QUANTITY_PER_LINE, product.stock));
}

const clamp = (quantity: number, product: BasketProduct): number =>
  Math.min(Math.max(0, Math.floor(quantity)), maxQuantityOf(product));

function updateLine(productId: string, change: (line: BasketLine) => BasketLine | undefined): void {
  store.set((basket) => ({
    lines: basket.lines.flatMap((line) => {
      if (line.productId !== productId) return [line];
      const changed = change(line);
      return changed && changed.quantity > 0 ? [changed] : [];
    }),
  }));
}

export const basket = {
  store,
  add(product: Product | BasketProduct, quantity = 1): void {
    const existing = store.get().lines.find((line) => line.productId === product.id);
    if (existing) {
      basket.setQuantity(product.id, existing.quantity + quantity);
      return;
    }
    const line: BasketLine = { productId: product.id, quantity: clamp(quantity, product), substitute: 'similar', product: snapshot(product) };
    if (line.quantity > 0) store.set((current) => ({ lines: [...current.lines, line] }));
  },
  setQuantity(productId: string, quantity: number): void {
    updateLine(productId, (line) => ({ ...line, quantity: clamp(quantity, line.product) }));
  },
  remove(productId: string): void {
    updateLine(productId, () => undefined);
  },
  setSubstitute(productId: string, substitute: Substitute): void {
    updateLine(productId, (line) => ({ ...line, substitute }));
  },
  /** Newer price and stock from the catalog; the quantity stays what the customer chose. */
  refresh(product: Product): void {
    updateLine(product.id, (line) => ({ ...line, product: snapshot(product) }));
  },
  /** After an OUT_OF_STOCK answer: each short line down to what is available (0 removes it). */
  takeAvailable(short: readonly ShortLine[]): void {
    for (const line of short) {
      updateLine(line.productId, (current) => ({
        ...current,
        quantity: Math.max(0, line.available),
        product: { ...current.product, stock: Math.max(0, line.available) },
      }));
    }
  },
  clear(): void {
    store.set(empty);
  },
};

export interface BasketTotals {
  /** Units, all lines together. */
  readonly count: number;
  readonly subtotalCents: number;
  readonly currency: string;
  /** Some lines are weighed items, whose price is an estimate. */
  readonly hasWeighed: boolean;
}

export function totalsOf(value: Basket): BasketTotals {
  return {
    count: value.lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: value.lines.reduce((sum, line) => sum + line.quantity * line.product.priceCents, 0),
    currency: value.lines[0]?.product.currency ?? 'AUD',
    hasWeighed: value.lines.some((line) => line.product.soldBy === 'per_kg'),
  };
}

export const useBasket = (): Basket => useStore(store);
export const useBasketQuantity = (productId: string): number =>
  useStore(store, (value) => value.lines.find((line) => line.productId === productId)?.quantity ?? 0);
