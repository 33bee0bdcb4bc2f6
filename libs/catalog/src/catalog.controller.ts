import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@gomart/auth';
import { ReadThrough } from '@gomart/cache';
import { ApiErrors } from '@gomart/openapi';
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
  @ApiOperation({
    operationId: 'listProducts',
    summary: 'List or search products',
    description: 'One page of products of an aisle, a brand, a price range or a search, with facets; pass `nextCursor` back as `cursor` for the next page. Unknown parameters are ignored.',
  })
  @ApiOkResponse({ type: ProductPageView })
  @ApiErrors({ INVALID_CURSOR: 'a cursor this listing did not issue' })
  list(@Query() query: ListProductsQuery): Promise<ProductListing> {
    return this.catalog.list(query);
  }

  @Get('products/:id')
  @ReadThrough({ key: (request) => CatalogCacheKeys.product(productIdOf(request)), public: true })
  @ApiOperation({ operationId: 'getProduct', summary: 'Get a product', description: 'One product by its id (its SKU in lower case).' })
  @ApiOkResponse({ type: ProductView })
  @ApiErrors({ PRODUCT_NOT_FOUND: '' })
  get(@Param('id') id: string): Promise<Product> {
    return this.catalog.get(id);
  }

  @Get('categories')
  @ReadThrough({ key: () => CatalogCacheKeys.categories(), public: true })
  @ApiOperation({ operationId: 'listCategories', summary: 'List the aisles', description: 'Every aisle of the shop, in display order.' })
  @ApiOkResponse({ type: CategoryListView })
  categories(): CategoryListView {
    return this.catalog.categories();
  }

  @Post('products')
  @HttpCode(201)
  @Authenticated('admin')
  @ApiOperation({ operationId: 'createProduct', summary: 'Create a product', description: 'Admins add a product; its id is its SKU in lower case, so a retried create cannot duplicate it.' })
  @ApiCreatedResponse({ type: ProductView })
  @ApiErrors({ SKU_TAKEN: 'a product with this SKU exists' })
  create(@Body() body: CreateProductBody): Promise<Product> {
    return this.catalog.create(body);
  }

  @Patch('products/:id')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'updateProduct', summary: 'Change a product', description: 'Admins change any of name, brand, aisle, price, currency, unit and image; the SKU and the stock are not changed here.' })
  @ApiOkResponse({ type: ProductView })
  @ApiErrors({ PRODUCT_NOT_FOUND: '' })
  update(@Param('id') id: string, @Body() body: PatchProductBody): Promise<Product> {
    return this.catalog.update(id, body);
  }

  @Put('products/:id/stock')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'setProductStock', summary: 'Set the stock of a product', description: 'Admins set the units available to order (reserved units are not included).' })
  @ApiOkResponse({ type: ProductView })
  @ApiErrors({ PRODUCT_NOT_FOUND: '' })
  setStock(@Param('id') id: string, @Body() body: SetStockBody): Promise<Product> {
    return this.catalog.setStock(id, body.stock);
  }
}
