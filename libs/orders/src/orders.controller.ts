import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Identity } from '@gomart/auth';
import type { OrderView } from './order';
import { ChangeStatusBody, ListOrdersQuery, OrderPageDto, OrderViewDto, PlaceOrderBody } from './orders.dto';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(@Inject(OrdersService) private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8–128 letters, digits, "-" or "_"; a UUID per checkout.' })
  @ApiCreatedResponse({ type: OrderViewDto, description: 'PLACED (also on a repeat of the same request).' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: body, limits, or the Idempotency-Key header.' })
  @ApiConflictResponse({ description: 'OUT_OF_STOCK (order kept as REJECTED), or ORDER_IN_PROGRESS.' })
  @ApiUnprocessableEntityResponse({ description: 'UNKNOWN_PRODUCT, MIXED_CURRENCY, or IDEMPOTENCY_KEY_REUSED.' })
  place(
    @CurrentUser() customer: Identity,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: PlaceOrderBody,
  ): Promise<OrderView> {
    return this.orders.place(customer, idempotencyKey, body);
  }

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: OrderPageDto, description: 'Your orders, newest first.' })
  list(@CurrentUser() customer: Identity, @Query() query: ListOrdersQuery) {
    return this.orders.list(customer, query.limit, query.cursor);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: OrderViewDto })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND (also for another customer\'s order).' })
  get(@CurrentUser() caller: Identity, @Param('id') id: string): Promise<OrderView> {
    return this.orders.get(caller, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: OrderViewDto, description: 'CANCELLED; the reserved stock is released.' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION: only a PLACED order can be cancelled by its customer.' })
  cancel(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<OrderView> {
    return this.orders.cancel(customer, id);
  }

  @Patch(':id/status')
  @Authenticated('staff')
  @ApiOkResponse({ type: OrderViewDto })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION, with the allowed next statuses.' })
  changeStatus(@CurrentUser() staff: Identity, @Param('id') id: string, @Body() body: ChangeStatusBody): Promise<OrderView> {
    return this.orders.changeStatus(staff, id, body.status);
  }
}
