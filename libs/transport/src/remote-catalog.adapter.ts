import { Inject, Injectable } from '@nestjs/common';
import {
  CatalogPatterns,
  DomainError,
  ErrorCode,
  type CatalogPort,
  type PricedProduct,
  type ReserveRequest,
  type ReserveResult,
  type SettleRequest,
  type StockRequest,
} from '@gomart/contracts';
import { ServiceClients, ServiceUnavailableError } from './service-clients';

const CATALOG = 'catalog';

/**
 * The CatalogPort of a split orders service: the catalog service over TCP. Every call is
 * idempotent by design (a reservation is keyed by order id, release and confirm find it once,
 * settle is guarded by a per-order marker), so each may be retried on another instance.
 */
@Injectable()
export class RemoteCatalogAdapter implements CatalogPort {
  constructor(@Inject(ServiceClients) private readonly clients: ServiceClients) {}

  priceProducts(ids: readonly string[]): Promise<PricedProduct[]> {
    return this.call(CatalogPatterns.priceProducts, { ids });
  }

  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return this.call(CatalogPatterns.reserve, request);
  }

  async release(request: StockRequest): Promise<void> {
    await this.call(CatalogPatterns.release, request);
  }

  async confirm(request: StockRequest): Promise<void> {
    await this.call(CatalogPatterns.confirm, request);
  }

  async settle(request: SettleRequest): Promise<void> {
    await this.call(CatalogPatterns.settle, request);
  }

  async forget(request: StockRequest): Promise<void> {
    await this.call(CatalogPatterns.forget, request);
  }

  private async call<T>(pattern: string, payload: unknown): Promise<T> {
    try {
      return await this.clients.call<T>(CATALOG, pattern, payload, { idempotent: true });
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      throw new DomainError(ErrorCode.CATALOG_UNAVAILABLE, 'The catalog cannot be reached; nothing was ordered. Please retry.');
    }
  }
}
