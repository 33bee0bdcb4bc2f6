import { Injectable, Inject } from '@nestjs/common';
import {
  CatalogPatterns,
  DomainError,
  ErrorCode,
  type CatalogPort,
  type PricedProduct,
  type ProductSummary,
  type ReserveResult,
  type StockLine,
  type StockMove,
} from '@gomart/contracts';
import { ServiceClients, ServiceUnavailableError } from './service-clients';

/**
 * The CatalogPort of a split orders service: the catalog service over TCP. Every call is
 * idempotent by design (a reservation is keyed by order id, hold and release find it once,
 * restock and sell are guarded by a per-order marker), so each may be retried on another instance.
 */
@Injectable()
export class RemoteCatalogAdapter implements CatalogPort {
  constructor(@Inject(ServiceClients) private readonly clients: ServiceClients) {}

  priceProducts(ids: readonly string[]): Promise<PricedProduct[]> {
    return this.call(CatalogPatterns.priceProducts, { ids });
  }

  describeProducts(ids: readonly string[]): Promise<ProductSummary[]> {
    return this.call(CatalogPatterns.describeProducts, { ids });
  }

  reserve(line: StockLine): Promise<ReserveResult> {
    return this.call(CatalogPatterns.reserve, line);
  }

  async move(move: StockMove, line: StockLine): Promise<void> {
    await this.call(CatalogPatterns.move, { move, ...line });
  }

  async clearMarker(line: Pick<StockLine, 'productId' | 'orderId'>): Promise<void> {
    await this.call(CatalogPatterns.clearMarker, { productId: line.productId, orderId: line.orderId });
  }

  private async call<T>(pattern: string, payload: object): Promise<T> {
    try {
      return await this.clients.call<T>('catalog', pattern, payload, { idempotent: true });
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      throw new DomainError(ErrorCode.CATALOG_UNAVAILABLE, 'The catalog cannot be reached; nothing was ordered. Please retry.', undefined, 1);
    }
  }
}
