/**
 * Wall-clock times in a time zone, to UTC and back, with the platform's time-zone data (Intl):
 * a slot at 08:00 in Sydney is 21:00 UTC the day before in summer and 22:00 in winter.
 */

/** The UTC instant of `day` (YYYY-MM-DD) at `time` (HH:MM) in `timeZone`. */
export function zonedToUtc(day: string, time: string, timeZone: string): Date {
  const asIfUtc = Date.parse(`${day}T${time}:00Z`);
  // The zone's offset at that moment; computed twice, so a time next to a DST change lands right.
  const first = asIfUtc - offsetMs(asIfUtc, timeZone);
  return new Date(asIfUtc - offsetMs(first, timeZone));
}

/** The calendar day (YYYY-MM-DD) it is in `timeZone` at `instant`. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = partsOf(instant.getTime(), timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Days after `day`, as YYYY-MM-DD (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = partsOf(instant, timeZone);
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return local - Math.floor(instant / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(instant: number, timeZone: string): Record<string, string> {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
}
