/**
 * The delivery zones and their weekly slot template: data, kept here so a change is a
 * reviewed commit. A zone serves the postcodes starting with one of its prefixes; slot times
 * are the zone's local wall-clock times.
 */
export interface DeliveryZone {
  readonly id: string;
  readonly name: string;
  /** IANA time zone the slot times are local to. */
  readonly timeZone: string;
  readonly postcodePrefixes: readonly string[];
}

export interface SlotWindow {
  /** Local start and end, HH:MM. */
  readonly start: string;
  readonly end: string;
  /** Orders the window can take. */
  readonly capacity: number;
  readonly feeCents: number;
}

/** Capital cities' central postcodes: 2000 Sydney, 3000 Melbourne, 4000 Brisbane, 5000 Adelaide, 6000 Perth. */
export const DELIVERY_ZONES: readonly DeliveryZone[] = [
  { id: 'syd', name: 'Sydney', timeZone: 'Australia/Sydney', postcodePrefixes: ['20'] },
  { id: 'mel', name: 'Melbourne', timeZone: 'Australia/Melbourne', postcodePrefixes: ['30'] },
  { id: 'bne', name: 'Brisbane', timeZone: 'Australia/Brisbane', postcodePrefixes: ['40'] },
  { id: 'adl', name: 'Adelaide', timeZone: 'Australia/Adelaide', postcodePrefixes: ['50'] },
  { id: 'per', name: 'Perth', timeZone: 'Australia/Perth', postcodePrefixes: ['60'] },
];

const weekday: readonly SlotWindow[] = [
  { start: '08:00', end: '10:00', capacity: 20, feeCents: 800 },
  { start: '10:00', end: '12:00', capacity: 20, feeCents: 600 },
  { start: '14:00', end: '16:00', capacity: 20, feeCents: 600 },
  { start: '18:00', end: '20:00', capacity: 20, feeCents: 1000 },
];

/** Windows per day of the week, Sunday first (as `Date.getUTCDay` numbers them). */
export const WEEKLY_TEMPLATE: readonly (readonly SlotWindow[])[] = [
  [
    { start: '10:00', end: '12:00', capacity: 10, feeCents: 1100 },
    { start: '14:00', end: '16:00', capacity: 10, feeCents: 1100 },
  ],
  weekday,
  weekday,
  weekday,
  weekday,
  weekday,
  [
    { start: '09:00', end: '11:00', capacity: 15, feeCents: 900 },
    { start: '11:00', end: '13:00', capacity: 15, feeCents: 900 },
    { start: '13:00', end: '15:00', capacity: 15, feeCents: 900 },
  ],
];

export function zoneForPostcode(postcode: string): DeliveryZone | undefined {
  return DELIVERY_ZONES.find((zone) => zone.postcodePrefixes.some((prefix) => postcode.startsWith(prefix)));
}

export function zoneById(id: string): DeliveryZone | undefined {
  return DELIVERY_ZONES.find((zone) => zone.id === id);
}
