import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Identity } from '@gomart/auth';
import { SlotHolds } from './slot-holds.service';
import type { SlotHoldView, SlotView } from './slot';
import { HoldSlotBody, SlotHoldViewDto, SlotListDto, SlotsQuery } from './fulfilment.dto';

/** Delivery slots: public to browse, held by signed-in customers at checkout. */
@ApiTags('fulfilment')
@Controller('fulfilment')
export class FulfilmentController {
  constructor(@Inject(SlotHolds) private readonly holds: SlotHolds) {}

  @Get('slots')
  @ApiOkResponse({ type: SlotListDto, description: 'The zone serving the postcode, and its slots from today on.' })
  @ApiUnprocessableEntityResponse({ description: 'POSTCODE_NOT_SERVED' })
  slots(@Query() query: SlotsQuery): Promise<{ zone: { id: string; name: string }; items: SlotView[] }> {
    return this.holds.forPostcode(query.postcode);
  }

  @Post('slot-holds')
  @HttpCode(201)
  @Authenticated()
  @ApiCreatedResponse({ type: SlotHoldViewDto, description: 'The slot is held for you until expiresAt.' })
  @ApiNotFoundResponse({ description: 'SLOT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SLOT_FULL, or SLOT_CLOSED (past its cut-off), with the slot as it is now.' })
  hold(@CurrentUser() customer: Identity, @Body() body: HoldSlotBody): Promise<SlotHoldView> {
    return this.holds.hold(customer.sub, body.slotId);
  }

  @Get('slot-holds/:id')
  @Authenticated()
  @ApiOkResponse({ type: SlotHoldViewDto })
  @ApiNotFoundResponse({ description: "SLOT_HOLD_NOT_FOUND (also another customer's hold)" })
  get(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<SlotHoldView> {
    return this.holds.get(customer.sub, id);
  }

  @Post('slot-holds/:id/renew')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: SlotHoldViewDto, description: 'Kept for SLOT_HOLD_MS more (once).' })
  @ApiNotFoundResponse({ description: 'SLOT_HOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SLOT_HOLD_EXPIRED or SLOT_HOLD_RENEWED_ALREADY' })
  renew(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<SlotHoldView> {
    return this.holds.renew(customer.sub, id);
  }

  @Delete('slot-holds/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Given up; its place is free again.' })
  @ApiNotFoundResponse({ description: 'SLOT_HOLD_NOT_FOUND' })
  async release(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<void> {
    await this.holds.release(customer.sub, id);
  }
}
