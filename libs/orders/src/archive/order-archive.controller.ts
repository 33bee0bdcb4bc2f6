import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Identity } from '@gomart/auth';
import { ApiErrors } from '@gomart/openapi';
import type { OrderView } from '../order';
import { OrderViewDto } from '../orders.dto';
import { ErasureResultDto, LegalHoldBody, LegalHoldViewDto } from './archive.dto';
import { OrderArchive, type ErasureResult, type LegalHoldView } from './order-archive.service';

/** Admin routes of the archive: restore, legal hold, erasure. Reading archived orders goes through GET /orders. */
@ApiTags('order archive')
@Controller('orders')
export class OrderArchiveController {
  constructor(@Inject(OrderArchive) private readonly archive: OrderArchive) {}

  @Post(':id/restore')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({
    operationId: 'restoreArchivedOrder',
    summary: 'Bring an archived order back into the order table, as it was archived',
    description: 'The order as it was archived, hot again; it stays hot for ARCHIVE_AFTER_DAYS before it may be archived again.',
  })
  @ApiOkResponse({ type: OrderViewDto, description: 'The order, hot again (no longer marked archived).' })
  @ApiErrors({ ORDER_NOT_FOUND: '', ORDER_NOT_ARCHIVED: 'the order is in the order table already' })
  restore(@Param('id') id: string): Promise<OrderView> {
    return this.archive.restore(id);
  }

  @Put(':id/legal-hold')
  @Authenticated('admin')
  @ApiOperation({
    operationId: 'placeLegalHold',
    summary: 'Keep an order for a legal reason: never archived, its personal data never erased, while held (an archived order is restored first)',
    description: 'Places or replaces the hold with its reason and the admin who placed it.',
  })
  @ApiOkResponse({ type: LegalHoldViewDto })
  @ApiErrors({ VALIDATION_FAILED: 'a reason of 1–200 characters is required', ORDER_NOT_FOUND: '' })
  hold(@CurrentUser() admin: Identity, @Param('id') id: string, @Body() body: LegalHoldBody): Promise<LegalHoldView> {
    return this.archive.hold(id, body.reason, admin.sub);
  }

  @Delete(':id/legal-hold')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'liftLegalHold', summary: 'Lift the legal hold of an order', description: 'The order may be archived and erased again; lifting a hold that is not there changes nothing.' })
  @ApiOkResponse({ type: LegalHoldViewDto })
  @ApiErrors({ ORDER_NOT_FOUND: '' })
  release(@Param('id') id: string): Promise<LegalHoldView> {
    return this.archive.release(id);
  }

  @Post('customers/:customerId/erasure')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({
    operationId: 'eraseCustomerPersonalData',
    summary: "Erase a customer's personal data (delivery address with name, e-mail) from hot and archived orders; sales facts are kept",
    description: "Hot orders lose the fields; archived ones become unreadable, their customer's key destroyed. Held orders keep their data until the hold is lifted.",
  })
  @ApiOkResponse({ type: ErasureResultDto })
  erase(@Param('customerId') customerId: string): Promise<ErasureResult> {
    return this.archive.erase(customerId);
  }
}
