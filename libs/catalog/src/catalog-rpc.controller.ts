import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { CatalogPatterns, STOCK_MOVES, type PricedProduct, type ProductSummary, type ReserveResult, type StockMove } from '@gomart/contracts';
import { CatalogPortAdapter } from './catalog-port.adapter';

class PriceProductsMessage {
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  ids!: string[];
}

class MarkerMessage {
  @IsString()
  @Length(1, 64)
  productId!: string;

  @IsString()
  @Length(1, 64)
  orderId!: string;
}

class StockLineMessage extends MarkerMessage {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

class MoveMessage extends StockLineMessage {
  @IsIn(STOCK_MOVES)
  move!: StockMove;
}

/**
 * The catalog's TCP edge (split mode): the CatalogPort for other services. Registered only by
 * the catalog service's app; in the monolith, orders call the port in-process.
 */
@Controller()
export class CatalogRpcController {
  constructor(@Inject(CatalogPortAdapter) private readonly port: CatalogPortAdapter) {}

  @MessagePattern(CatalogPatterns.priceProducts)
  priceProducts(@Payload() message: PriceProductsMessage): Promise<PricedProduct[]> {
    return this.port.priceProducts(message.ids);
  }

  @MessagePattern(CatalogPatterns.describeProducts)
  describeProducts(@Payload() message: PriceProductsMessage): Promise<ProductSummary[]> {
    return this.port.describeProducts(message.ids);
  }

  @MessagePattern(CatalogPatterns.reserve)
  reserve(@Payload() message: StockLineMessage): Promise<ReserveResult> {
    return this.port.reserve(message);
  }

  @MessagePattern(CatalogPatterns.move)
  async move(@Payload() { move, ...line }: MoveMessage): Promise<{ done: true }> {
    await this.port.move(move, line);
    return { done: true };
  }

  @MessagePattern(CatalogPatterns.clearMarker)
  async clearMarker(@Payload() message: MarkerMessage): Promise<{ done: true }> {
    await this.port.clearMarker(message);
    return { done: true };
  }
}
