export * from './fulfilment.module';
export * from './fulfilment.tables';
export * from './slot';
export * from './slot-calendar';
export * from './slot-holds.service';
export * from './slot-sweeper';
export * from './slot.store';
export * from './zones';
