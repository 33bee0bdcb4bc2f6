/** How the shop writes money, weights and times (en-AU; amounts arrive in integer cents). */

const LOCALE = 'en-AU';
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function money(cents: number, currency = 'AUD'): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

export function grams(value: number): string {
  return value >= 1000 ? `${(value / 1000).toLocaleString(LOCALE, { maximumFractionDigits: 2 })} kg` : `${value} g`;
}

const dayFormat = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', day: 'numeric', month: 'long' });
const shortDayFormat = new Intl.DateTimeFormat(LOCALE, { weekday: 'short', day: 'numeric', month: 'short' });
const clockFormat = new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit', hour12: true });
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });

export const day = (iso: string): string => dayFormat.format(new Date(iso));
export const shortDay = (iso: string): string => shortDayFormat.format(new Date(iso));
export const dateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
/** A clock time as a shop sign writes it: "9am", "12:30pm". */
function shortTime(iso: string): string {
  const parts = clockFormat.formatToParts(new Date(iso));
  const hour = parts.find((part) => part.type === 'hour')?.value ?? '';
  const minute = parts.find((part) => part.type === 'minute')?.value ?? '00';
  const period = (parts.find((part) => part.type === 'dayPeriod')?.value ?? '').toLowerCase().replace(/\./g, '');
  return `${hour}${minute === '00' ? '' : `:${minute}`}${period}`;
}
/** A delivery window, e.g. "9am – 11am". */
export const timeRange = (start: string, end: string): string => `${shortTime(start)} – ${shortTime(end)}`;
/** The local calendar day of a time, for grouping slots. */
export const dayKey = (iso: string): string => {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
};

/** Seconds as m:ss (a countdown). */
export function countdown(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** A product as a person names it when several brands sell the same line: "Smith's Corn Chips 170g". */
export const productLabel = (product: { readonly brand: string; readonly name: string }): string =>
  `${product.brand} ${product.name}`;
