/** Calendar days as the API takes them (YYYY-MM-DD). */

const pad = (value: number): string => String(value).padStart(2, '0');

/** The day it is here (the store's local day), `offset` days on. */
export function localDay(offset = 0, now = new Date()): string {
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The UTC day, `offset` days on: the dashboard's days are UTC days. */
export function utcDay(offset = 0, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)).toISOString().slice(0, 10);
}

export const isDay = (value: string | null | undefined): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

const dayFormat = new Intl.DateTimeFormat('en-AU', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "Wed 2 Dec" for a YYYY-MM-DD day. */
export const dayLabel = (day: string): string => dayFormat.format(new Date(`${day}T00:00:00Z`));
