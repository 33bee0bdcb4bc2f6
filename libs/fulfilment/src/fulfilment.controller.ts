import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Identity } from '@gomart/auth';
import { ApiErrors } from '@gomart/openapi';
import { SlotHolds } from './slot-holds.service';
import type { SlotHoldView, SlotView } from './slot';
import { HoldSlotBody, SlotHoldViewDto, SlotListDto, SlotsQuery } from './fulfilment.dto';

/** Delivery slots: public to browse, held by signed-in customers at checkout. */
@ApiTags('fulfilment')
@Controller('fulfilment')
export class FulfilmentController {
  constructor(@Inject(SlotHolds) private readonly holds: SlotHolds) {}

  @Get('slots')
  @ApiOperation({ operationId: 'listDeliverySlots', summary: 'Delivery slots for a postcode', description: 'The zone serving the postcode, and its slots from today on with the places left.' })
  @ApiOkResponse({ type: SlotListDto, description: 'The zone serving the postcode, and its slots from today on.' })
  @ApiErrors({ POSTCODE_NOT_SERVED: '' })
  slots(@Query() query: SlotsQuery): Promise<{ zone: { id: string; name: string }; items: SlotView[] }> {
    return this.holds.forPostcode(query.postcode);
  }

  @Post('slot-holds')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({ operationId: 'holdDeliverySlot', summary: 'Hold a delivery slot', description: 'Keeps a place in the slot for the customer during checkout, until expiresAt; the order books it.' })
  @ApiCreatedResponse({ type: SlotHoldViewDto, description: 'The slot is held for you until expiresAt.' })
  @ApiErrors({ SLOT_NOT_FOUND: '', SLOT_FULL: 'with the slot as it is now', SLOT_CLOSED: 'past its cut-off, with the slot as it is now' })
  hold(@CurrentUser() customer: Identity, @Body() body: HoldSlotBody): Promise<SlotHoldView> {
    return this.holds.hold(customer.sub, body.slotId);
  }

  @Get('slot-holds/:id')
  @Authenticated()
  @ApiOperation({ operationId: 'getSlotHold', summary: 'Get a slot hold', description: 'One of your holds: held, expired or booked.' })
  @ApiOkResponse({ type: SlotHoldViewDto })
  @ApiErrors({ SLOT_HOLD_NOT_FOUND: "also another customer's hold" })
  get(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<SlotHoldView> {
    return this.holds.get(customer.sub, id);
  }

  @Post('slot-holds/:id/renew')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'renewSlotHold', summary: 'Renew a slot hold', description: 'Keeps the hold for SLOT_HOLD_MS more, once.' })
  @ApiOkResponse({ type: SlotHoldViewDto, description: 'Kept for SLOT_HOLD_MS more (once).' })
  @ApiErrors({ SLOT_HOLD_NOT_FOUND: '', SLOT_HOLD_EXPIRED: '', SLOT_HOLD_RENEWED_ALREADY: '' })
  renew(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<SlotHoldView> {
    return this.holds.renew(customer.sub, id);
  }

  @Delete('slot-holds/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'releaseSlotHold', summary: 'Give up a slot hold', description: 'Its place in the slot is free again at once.' })
  @ApiNoContentResponse({ description: 'Given up; its place is free again.' })
  @ApiErrors({ SLOT_HOLD_NOT_FOUND: '' })
  async release(@CurrentUser() customer: Identity, @Param('id') id: string): Promise<void> {
    await this.holds.release(customer.sub, id);
  }
}
