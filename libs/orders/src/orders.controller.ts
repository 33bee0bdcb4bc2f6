import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, isStaff, type Identity } from '@gomart/auth';
import type { Page } from '@gomart/dynamo';
import { ApiErrors } from '@gomart/openapi';
import { OrderBoardQuery, type OrderBoard } from './order-board';
import { OrderPicking } from './order-picking.service';
import { OrderPlacing } from './order-placing.service';
import { OrderQueries } from './order-queries.service';
import { OrderTransitions } from './order-transitions.service';
import type { OrderView, PlaceOrderRequest, SubstitutePreference } from './order';
import { BoardQuery, ChangeStatusBody, ListOrdersQuery, OrderBoardDto, OrderPageDto, OrderViewDto, PickLineBody, PlaceOrderBody } from './orders.dto';

/** The orders' HTTP edge: maps requests to the domain's requests, and nothing more. */
@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    @Inject(OrderPlacing) private readonly placing: OrderPlacing,
    @Inject(OrderQueries) private readonly queries: OrderQueries,
    @Inject(OrderTransitions) private readonly transitions: OrderTransitions,
    @Inject(OrderPicking) private readonly picking: OrderPicking,
    @Inject(OrderBoardQuery) private readonly boards: OrderBoardQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({
    operationId: 'placeOrder',
    summary: 'Place an order',
    description: 'Prices the lines from the catalog, reserves their stock and books the held delivery slot, all or nothing. One Idempotency-Key per checkout: repeating the request is safe and answers the same order.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '8–128 letters, digits, "-" or "_"; a UUID per checkout.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' },
  })
  @ApiCreatedResponse({ type: OrderViewDto, description: 'PLACED (also on a repeat of the same request).' })
  @ApiErrors({
    VALIDATION_FAILED: 'the body, its limits (ORDER_MAX_LINES, ORDER_MAX_QUANTITY), or the Idempotency-Key header',
    OUT_OF_STOCK: 'the order is kept as REJECTED, with the short lines',
    SLOT_HOLD_EXPIRED: 'nothing stored: choose a slot again',
    ORDER_IN_PROGRESS: 'retry with the same key',
    SLOT_HOLD_NOT_FOUND: '',
    UNKNOWN_PRODUCT: '',
    SUBSTITUTE_UNAVAILABLE: '',
    MIXED_CURRENCY: '',
    IDEMPOTENCY_KEY_REUSED: 'the key was used for a different order',
    TOO_MANY_OPEN_ORDERS: 'the customer holds ORDER_MAX_OPEN_PER_CUSTOMER open orders, or would hold more than ORDER_MAX_OPEN_UNITS_PER_PRODUCT units of one product across them (details name the limit); nothing stored',
    SERVICE_UNAVAILABLE: 'nothing decided (busy, or a dependency timed out); retry with the same key after Retry-After',
    CATALOG_UNAVAILABLE: 'split services: the catalog cannot be reached; nothing stored',
  })
  place(
    @CurrentUser() customer: Identity,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: PlaceOrderBody,
  ): Promise<OrderView> {
    return this.placing.place({ id: customer.sub, email: customer.email }, idempotencyKey, toRequest(body));
  }

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'listMyOrders', summary: 'List your orders', description: "The caller's orders, newest first, a page at a time." })
  @ApiOkResponse({ type: OrderPageDto, description: 'Your orders, newest first.' })
  @ApiErrors({ INVALID_CURSOR: 'a cursor this listing did not issue' })
  list(@CurrentUser() customer: Identity, @Query() query: ListOrdersQuery): Promise<Page<OrderView>> {
    return this.queries.list(customer.sub, { limit: query.limit, cursor: query.cursor });
  }

  @Get('board')
  @Authenticated('staff')
  @ApiOperation({ operationId: 'getOrderBoard', summary: "A day's order board", description: "Staff see one day's delivery slots (booked ÷ capacity) with their orders, and the orders without a slot." })
  @ApiOkResponse({ type: OrderBoardDto, description: "A day's delivery slots with their capacity and orders (staff)." })
  board(@Query() query: BoardQuery): Promise<OrderBoard> {
    return this.boards.board({ day: query.day, zone: query.zone, statuses: query.status });
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ operationId: 'getOrder', summary: 'Get an order', description: 'Your own order; staff see any order.' })
  @ApiOkResponse({ type: OrderViewDto })
  @ApiErrors({ ORDER_NOT_FOUND: "also for another customer's order" })
  get(@CurrentUser() caller: Identity, @Param('id') id: string): Promise<OrderView> {
    return this.queries.get({ customerId: caller.sub, staff: isStaff(caller) }, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'cancelOrder', summary: 'Cancel your order', description: 'While it is PLACED; the reserved stock and the slot are released.' })
  @ApiOkResponse({ type: OrderViewDto, description: 'CANCELLED; the reserved stock is released.' })
  @ApiErrors({ ORDER_NOT_FOUND: '', INVALID_TRANSITION: 'only a PLACED order can be cancelled by its customer' })
  cancel(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<OrderView> {
    return this.transitions.cancel(customer.sub, id);
  }

  @Put(':id/lines/:productId/pick')
  @Authenticated('staff')
  @ApiOperation({ operationId: 'pickOrderLine', summary: 'Record the pick of a line', description: 'Staff record a line of a PICKING order as picked (with its weight for items sold by weight), substituted, or not available; once per line.' })
  @ApiOkResponse({ type: OrderViewDto, description: 'The line is recorded as picked (with its weight), substituted, or not available.' })
  @ApiErrors({
    ORDER_NOT_FOUND: 'no such order, or no such line',
    LINE_ALREADY_PICKED: 'with the pick recorded',
    PICK_NOT_RECORDABLE: 'the order is not PICKING',
    SUBSTITUTE_UNAVAILABLE: '',
  })
  pick(
    @CurrentUser() staff: Identity,
    @Param('id') id: string,
    @Param('productId') productId: string,
    @Body() body: PickLineBody,
  ): Promise<OrderView> {
    return this.picking.record(staff.sub, id, productId, body);
  }

  @Patch(':id/status')
  @Authenticated('staff')
  @ApiOperation({ operationId: 'changeOrderStatus', summary: "Move an order along", description: 'Staff move an order to its next status (PICKING, OUT_FOR_DELIVERY, DELIVERED) or cancel it.' })
  @ApiOkResponse({ type: OrderViewDto })
  @ApiErrors({
    ORDER_NOT_FOUND: '',
    INVALID_TRANSITION: 'with the allowed next statuses',
    PICKING_INCOMPLETE: 'with the lines not picked yet',
  })
  changeStatus(@CurrentUser() staff: Identity, @Param('id') id: string, @Body() body: ChangeStatusBody): Promise<OrderView> {
    return this.transitions.changeStatus(staff.sub, id, body.status);
  }
}

/** The body as the domain's request: plain data, in a stable shape (its fingerprint is the idempotency check). */
function toRequest(body: PlaceOrderBody): PlaceOrderRequest {
  return {
    lines: body.lines.map(({ productId, quantity, substitute }) => ({ productId, quantity, substitute: preference(substitute) })),
    slotHoldId: body.slotHoldId,
    deliveryAddress: body.deliveryAddress ? { ...body.deliveryAddress } : undefined,
  };
}

function preference(substitute: string | undefined): SubstitutePreference {
  if (substitute === undefined || substitute === 'similar') return 'similar';
  return substitute === 'none' ? 'none' : { productId: substitute };
}
