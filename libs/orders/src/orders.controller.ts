import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, isStaff, type Identity } from '@gomart/auth';
import type { Page } from '@gomart/dynamo';
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
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8–128 letters, digits, "-" or "_"; a UUID per checkout.' })
  @ApiCreatedResponse({ type: OrderViewDto, description: 'PLACED (also on a repeat of the same request).' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: body, limits, or the Idempotency-Key header.' })
  @ApiConflictResponse({ description: 'OUT_OF_STOCK (order kept as REJECTED), SLOT_HOLD_EXPIRED (nothing stored: choose a slot again), or ORDER_IN_PROGRESS.' })
  @ApiNotFoundResponse({ description: 'SLOT_HOLD_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'UNKNOWN_PRODUCT, SUBSTITUTE_UNAVAILABLE, MIXED_CURRENCY, or IDEMPOTENCY_KEY_REUSED.' })
  @ApiTooManyRequestsResponse({
    description:
      'RATE_LIMITED (with Retry-After), or TOO_MANY_OPEN_ORDERS: the customer holds ORDER_MAX_OPEN_PER_CUSTOMER open orders, or would hold more than ' +
      'ORDER_MAX_OPEN_UNITS_PER_PRODUCT units of one product across them (details name the limit); nothing was stored.',
  })
  @ApiServiceUnavailableResponse({ description: 'SERVICE_UNAVAILABLE or CATALOG_UNAVAILABLE: nothing decided; retry with the same key after Retry-After.' })
  place(
    @CurrentUser() customer: Identity,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: PlaceOrderBody,
  ): Promise<OrderView> {
    return this.placing.place({ id: customer.sub, email: customer.email }, idempotencyKey, toRequest(body));
  }

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: OrderPageDto, description: 'Your orders, newest first.' })
  list(@CurrentUser() customer: Identity, @Query() query: ListOrdersQuery): Promise<Page<OrderView>> {
    return this.queries.list(customer.sub, { limit: query.limit, cursor: query.cursor });
  }

  @Get('board')
  @Authenticated('staff')
  @ApiOkResponse({ type: OrderBoardDto, description: "A day's delivery slots with their capacity and orders (staff)." })
  board(@Query() query: BoardQuery): Promise<OrderBoard> {
    return this.boards.board({ day: query.day, zone: query.zone, statuses: query.status });
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: OrderViewDto })
  @ApiNotFoundResponse({ description: "ORDER_NOT_FOUND (also for another customer's order)." })
  get(@CurrentUser() caller: Identity, @Param('id') id: string): Promise<OrderView> {
    return this.queries.get({ customerId: caller.sub, staff: isStaff(caller) }, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: OrderViewDto, description: 'CANCELLED; the reserved stock is released.' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION: only a PLACED order can be cancelled by its customer.' })
  cancel(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<OrderView> {
    return this.transitions.cancel(customer.sub, id);
  }

  @Put(':id/lines/:productId/pick')
  @Authenticated('staff')
  @ApiOkResponse({ type: OrderViewDto, description: 'The line is recorded as picked (with its weight), substituted, or not available.' })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND (no such order, or no such line)' })
  @ApiConflictResponse({ description: 'LINE_ALREADY_PICKED (with the pick recorded), or PICK_NOT_RECORDABLE (the order is not PICKING).' })
  @ApiUnprocessableEntityResponse({ description: 'SUBSTITUTE_UNAVAILABLE' })
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
  @ApiOkResponse({ type: OrderViewDto })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION, with the allowed next statuses; PICKING_INCOMPLETE, with the lines not picked yet.' })
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
