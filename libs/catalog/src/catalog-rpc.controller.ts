import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { CatalogPatterns, type PricedProduct, type ReserveResult } from '@gomart/contracts';
import { CatalogPortAdapter } from './catalog-port.adapter';

class PriceProductsMessage {
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  ids!: string[];
}

class StockMessage {
  @IsString()
  @Length(1, 64)
  productId!: string;

  @IsString()
  @Length(1, 64)
  orderId!: string;
}

class ReserveMessage extends StockMessage {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

class SettleMessage extends ReserveMessage {
  @IsIn(['sold', 'restocked'])
  outcome!: 'sold' | 'restocked';
}

/**
 * The catalog's TCP edge (split mode): the CatalogPort for other services. Only served when
 * the app runs a microservice listener; in the monolith, orders call the port in-process.
 */
@Controller()
export class CatalogRpcController {
  constructor(@Inject(CatalogPortAdapter) private readonly port: CatalogPortAdapter) {}

  @MessagePattern(CatalogPatterns.priceProducts)
  priceProducts(@Payload() message: PriceProductsMessage): Promise<PricedProduct[]> {
    return this.port.priceProducts(message.ids);
  }

  @MessagePattern(CatalogPatterns.reserve)
  reserve(@Payload() message: ReserveMessage): Promise<ReserveResult> {
    return this.port.reserve(message);
  }

  @MessagePattern(CatalogPatterns.release)
  async release(@Payload() message: StockMessage): Promise<{ done: true }> {
    await this.port.release(message);
    return { done: true };
  }

  @MessagePattern(CatalogPatterns.confirm)
  async confirm(@Payload() message: StockMessage): Promise<{ done: true }> {
    await this.port.confirm(message);
    return { done: true };
  }

  @MessagePattern(CatalogPatterns.settle)
  async settle(@Payload() message: SettleMessage): Promise<{ done: true }> {
    await this.port.settle(message);
    return { done: true };
  }

  @MessagePattern(CatalogPatterns.forget)
  async forget(@Payload() message: StockMessage): Promise<{ done: true }> {
    await this.port.forget(message);
    return { done: true };
  }
}
