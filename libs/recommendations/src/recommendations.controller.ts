import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Identity } from '@gomart/auth';
import { ReadThrough } from '@gomart/cache';
import { ApiErrors } from '@gomart/openapi';
import type { FastifyRequest } from 'fastify';
import { RecommendationsCacheKeys } from './recommendations.cache-keys';
import { RecommendationsQuery, RecommendationsView } from './recommendations.dto';
import { RecommendationService, type RecommendationList } from './recommendation.service';

/**
 * How long an answer is reused. Suggestions move with every order and every stock change,
 * and nothing invalidates them: 15 s bounds how long a sold-out product can still be
 * suggested (the storefront hides zero-stock items in the meantime) while a product page under
 * load is computed a few times a minute, not per view.
 */
export const RECOMMENDATIONS_TTL_MS = 15_000;

const productIdOf = (request: FastifyRequest) => String((request.params as { id?: string }).id);
const customerOf = (request: FastifyRequest) => String(request.identity?.sub);

@ApiTags('recommendations')
@Controller()
export class RecommendationsController {
  constructor(@Inject(RecommendationService) private readonly recommendations: RecommendationService) {}

  @Get('catalog/products/:id/recommendations')
  @ReadThrough({ key: (request) => RecommendationsCacheKeys.product(productIdOf(request), request.query), ttlMs: RECOMMENDATIONS_TTL_MS, public: true })
  @ApiOperation({ operationId: 'recommendForProduct', summary: 'Often bought with a product', description: 'Products bought together with this one, in stock only; popular in its aisle for a product without history.' })
  @ApiOkResponse({ type: RecommendationsView, description: '"Often bought with": item-to-item co-purchase, then popular in the aisle for a product without history.' })
  @ApiErrors({ PRODUCT_NOT_FOUND: '' })
  forProduct(@Param('id') id: string, @Query() query: RecommendationsQuery): Promise<RecommendationList> {
    return this.recommendations.forProduct(id, query);
  }

  @Get('recommendations/for-me')
  @Authenticated('customer')
  @ReadThrough({ key: (request) => RecommendationsCacheKeys.customer(customerOf(request), request.query), ttlMs: RECOMMENDATIONS_TTL_MS })
  @ApiOperation({ operationId: 'recommendForMe', summary: 'Recommendations for you', description: 'Buy it again, then what goes with the basket or the latest order, then popular in your aisles; in stock only.' })
  @ApiOkResponse({ type: RecommendationsView, description: 'Buy it again first, then what goes with the basket or the latest order, then popular in the customer\'s aisles.' })
  forMe(@CurrentUser() user: Identity, @Query() query: RecommendationsQuery): Promise<RecommendationList> {
    return this.recommendations.forCustomer(user.sub, query);
  }
}
