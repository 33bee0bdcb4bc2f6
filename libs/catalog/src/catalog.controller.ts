import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from '@gomart/auth';
import { ReadThrough } from '@gomart/cache';
import type { FastifyRequest } from 'fastify';
import { CatalogCacheKeys } from './catalog.cache-keys';
import {
  CategoryListView,
  CreateProductBody,
  LISTING_PARAMETERS,
  ListProductsQuery,
  PatchProductBody,
  ProductPageView,
  ProductView,
  SetStockBody,
} from './catalog.dto';
import { CatalogService } from './catalog.service';
import type { ProductListing } from './catalog-search';
import type { Product } from './product';

const productIdOf = (request: FastifyRequest) => String((request.params as { id?: string }).id);

@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  constructor(@Inject(CatalogService) private readonly catalog: CatalogService) {}

  @Get('products')
  @ReadThrough({
    key: (request) => CatalogCacheKeys.listing(request.query, LISTING_PARAMETERS),
    tags: [CatalogCacheKeys.listingsTag],
    // Pages come from this instance's search index: shared, a lagging instance's would spread.
    localOnly: true,
    public: true,
  })
  @ApiOkResponse({ type: ProductPageView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a bad value of a listing parameter; INVALID_CURSOR: a cursor this listing did not issue.' })
  list(@Query() query: ListProductsQuery): Promise<ProductListing> {
    return this.catalog.list(query);
  }

  @Get('products/:id')
  @ReadThrough({ key: (request) => CatalogCacheKeys.product(productIdOf(request)), public: true })
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND' })
  get(@Param('id') id: string): Promise<Product> {
    return this.catalog.get(id);
  }

  @Get('categories')
  @ReadThrough({ key: () => CatalogCacheKeys.categories(), public: true })
  @ApiOkResponse({ type: CategoryListView })
  categories(): CategoryListView {
    return this.catalog.categories();
  }

  @Post('products')
  @HttpCode(201)
  @Authenticated('admin')
  @ApiCreatedResponse({ type: ProductView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, with the offending fields.' })
  @ApiConflictResponse({ description: 'SKU_TAKEN' })
  create(@Body() body: CreateProductBody): Promise<Product> {
    return this.catalog.create(body);
  }

  @Patch('products/:id')
  @Authenticated('admin')
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND' })
  update(@Param('id') id: string, @Body() body: PatchProductBody): Promise<Product> {
    return this.catalog.update(id, body);
  }

  @Put('products/:id/stock')
  @Authenticated('admin')
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND' })
  setStock(@Param('id') id: string, @Body() body: SetStockBody): Promise<Product> {
    return this.catalog.setStock(id, body.stock);
  }
}
