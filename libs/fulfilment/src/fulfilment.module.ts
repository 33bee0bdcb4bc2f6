import { Module } from '@nestjs/common';
import { FULFILMENT_PORT, SLOT_CAPACITY_PORT } from '@gomart/contracts';
import { DynamoModule } from '@gomart/dynamo';
import { DynamoSlotStore } from './dynamo-slot.store';
import { FulfilmentRpcController } from './fulfilment-rpc.controller';
import { FulfilmentController } from './fulfilment.controller';
import { FulfilmentTables } from './fulfilment.tables';
import { SlotCalendar } from './slot-calendar';
import { SlotCapacityReader } from './slot-capacity';
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
    SlotCapacityReader,
    { provide: SLOT_STORE, useClass: DynamoSlotStore },
    { provide: FULFILMENT_PORT, useExisting: SlotHolds },
    { provide: SLOT_CAPACITY_PORT, useExisting: SlotCapacityReader },
  ],
  exports: [SlotHolds, SlotSweeper, SlotCapacityReader, FULFILMENT_PORT, SLOT_CAPACITY_PORT],
})
export class FulfilmentModule {}

/** The delivery slots' public HTTP routes (`/fulfilment/*`). */
@Module({ imports: [FulfilmentModule], controllers: [FulfilmentController] })
export class FulfilmentHttpModule {}

/** Slot capacity served to other services over the TCP listener (the split orders service). */
@Module({ imports: [FulfilmentModule], controllers: [FulfilmentRpcController] })
export class FulfilmentRpcModule {}
