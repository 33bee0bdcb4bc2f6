import { Module } from '@nestjs/common';
import { FULFILMENT_PORT } from '@gomart/contracts';
import { DynamoModule } from '@gomart/dynamo';
import { DynamoSlotStore } from './dynamo-slot.store';
import { FulfilmentController } from './fulfilment.controller';
import { FulfilmentTables } from './fulfilment.tables';
import { SlotCalendar } from './slot-calendar';
import { SlotHolds } from './slot-holds.service';
import { SlotSweeper } from './slot-sweeper';
import { SLOT_STORE } from './slot.store';

/** Delivery zones and slots: holds, bookings, the calendar and the hold sweeper; FULFILMENT_PORT for orders. */
@Module({
  imports: [DynamoModule.forFeature(Object.values(FulfilmentTables))],
  providers: [
    SlotHolds,
    SlotCalendar,
    SlotSweeper,
    { provide: SLOT_STORE, useClass: DynamoSlotStore },
    { provide: FULFILMENT_PORT, useExisting: SlotHolds },
  ],
  exports: [SlotHolds, SlotSweeper, FULFILMENT_PORT],
})
export class FulfilmentModule {}

/** The delivery slots' public HTTP routes (`/fulfilment/*`). */
@Module({ imports: [FulfilmentModule], controllers: [FulfilmentController] })
export class FulfilmentHttpModule {}
