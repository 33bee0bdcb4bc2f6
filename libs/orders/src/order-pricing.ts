import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_PORT, type CatalogPort } from '@gomart/contracts';
import { OrderErrors } from './order.errors';
import type { OrderLine, PlaceOrderRequest } from './order';

export interface PricedOrder {
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  readonly currency: string;
}

/** Prices an order from the catalog at order time: clients never send prices or names. */
@Injectable()
export class OrderPricing {
  constructor(@Inject(CATALOG_PORT) private readonly catalog: CatalogPort) {}

  async price(requested: PlaceOrderRequest['lines']): Promise<PricedOrder> {
    const products = new Map((await this.catalog.priceProducts(requested.map((line) => line.productId))).map((p) => [p.id, p]));
    const unknown = requested.filter((line) => !products.has(line.productId)).map((line) => line.productId);
    if (unknown.length > 0) throw OrderErrors.unknownProducts(unknown);
    const currencies = [...new Set([...products.values()].map((product) => product.currency))];
    if (currencies.length > 1) throw OrderErrors.mixedCurrency(currencies);
    const lines = requested.map(({ productId, quantity }): OrderLine => {
      const product = products.get(productId)!;
      const unitPriceCents = product.priceCents;
      return { productId, sku: product.sku, name: product.name, quantity, unitPriceCents, lineTotalCents: unitPriceCents * quantity };
    });
    return { lines, totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0), currency: currencies[0] ?? 'AUD' };
  }
}
