import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { CATALOG_PORT, centsForGrams, sum, withBuffer, type CatalogPort, type PricedProduct } from '@gomart/contracts';
import { OrderErrors } from './order.errors';
import type { OrderLine, PlaceOrderRequest, SubstitutePreference } from './order';

export interface PricedOrder {
  readonly lines: readonly OrderLine[];
  readonly subtotalCents: number;
  /** Every line's authorised amount (the fee is added by the caller). */
  readonly linesAuthorisedCents: number;
  readonly currency: string;
}

/**
 * Prices an order from the catalog at order time: clients never send prices or names. A line
 * of a product sold by weight is estimated at its average unit weight and authorised with the
 * configured buffer above that; a substitute the shopper names must exist, differ from the
 * line's product, and be in stock.
 */
@Injectable()
export class OrderPricing {
  constructor(
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async price(requested: PlaceOrderRequest['lines']): Promise<PricedOrder> {
    const substitutes = requested.flatMap((line) => (typeof line.substitute === 'object' ? [line.substitute.productId] : []));
    const products = new Map((await this.catalog.priceProducts([...requested.map((line) => line.productId), ...substitutes])).map((p) => [p.id, p]));
    const unknown = requested.filter((line) => !products.has(line.productId)).map((line) => line.productId);
    if (unknown.length > 0) throw OrderErrors.unknownProducts(unknown);
    checkSubstitutes(requested, products);
    const ordered = requested.map((line) => products.get(line.productId)!);
    const currencies = [...new Set(ordered.map((product) => product.currency))];
    if (currencies.length > 1) throw OrderErrors.mixedCurrency(currencies);
    const lines = requested.map(({ productId, quantity, substitute }) =>
      this.line(products.get(productId)!, quantity, substitute ?? 'similar'),
    );
    return {
      lines,
      subtotalCents: sum(lines.map((line) => line.lineTotalCents)),
      linesAuthorisedCents: sum(lines.map((line) => line.authorisedCents)),
      currency: currencies[0] ?? 'AUD',
    };
  }

  private line(product: PricedProduct, quantity: number, substitute: SubstitutePreference): OrderLine {
    return priceLine(product, quantity, substitute, this.config.orders.weightBufferPercent);
  }
}

/** One line as priced from its product: by the unit, or by the average unit weight with the buffer authorised above it. Pure. */
export function priceLine(product: PricedProduct, quantity: number, substitute: SubstitutePreference, weightBufferPercent: number): OrderLine {
  const common = { productId: product.id, sku: product.sku, name: product.name, category: product.category, quantity, substitute };
  if (product.soldBy === 'per_kg' && product.pricePerKgCents && product.averageUnitGrams) {
    const estimatedGrams = product.averageUnitGrams * quantity;
    const lineTotalCents = centsForGrams(product.pricePerKgCents, estimatedGrams);
    return {
      ...common,
      soldBy: 'per_kg',
      unitPriceCents: product.priceCents,
      pricePerKgCents: product.pricePerKgCents,
      estimatedGrams,
      lineTotalCents,
      authorisedCents: withBuffer(lineTotalCents, weightBufferPercent),
    };
  }
  const lineTotalCents = product.priceCents * quantity;
  return { ...common, soldBy: 'each', unitPriceCents: product.priceCents, lineTotalCents, authorisedCents: lineTotalCents };
}

function checkSubstitutes(requested: PlaceOrderRequest['lines'], products: ReadonlyMap<string, PricedProduct>): void {
  const problems = requested.flatMap((line) => {
    if (typeof line.substitute !== 'object') return [];
    const substitute = line.substitute.productId;
    const product = products.get(substitute);
    const problem =
      substitute === line.productId
        ? 'a product cannot substitute itself'
        : !product
          ? 'no such product'
          : product.stock <= 0
            ? 'out of stock'
            : undefined;
    return problem ? [{ productId: line.productId, substitute, problem }] : [];
  });
  if (problems.length > 0) throw OrderErrors.substituteUnavailable(problems);
}
