import { isDay, utcDay } from '../days';
import type { DateRange } from '../types';

/** The ranges offered at a click; anything else is a custom from–to. */
export const PRESETS = [7, 28, 90] as const;
export type Preset = (typeof PRESETS)[number];

export interface RangeChoice {
  readonly preset: Preset | 'custom';
  readonly range: DateRange;
}

/** The API's longest range. */
export const MAX_DAYS = 366;

export const presetRange = (days: number, today = utcDay()): DateRange => ({ from: utcDay(-(days - 1), new Date(`${today}T00:00:00Z`)), to: today });

/** The range in the URL (`?days=7`, or `?from=…&to=…`); by default the last 28 days, as the API's default. */
export function readRange(query: URLSearchParams): RangeChoice {
  const from = query.get('from');
  const to = query.get('to');
  if (isDay(from) && isDay(to) && from <= to) return { preset: 'custom', range: { from, to } };
  const days = Number(query.get('days'));
  const preset = (PRESETS as readonly number[]).includes(days) ? (days as Preset) : 28;
  return { preset, range: presetRange(preset) };
}

export function rangeQuery(choice: RangeChoice): URLSearchParams {
  if (choice.preset === 'custom') return new URLSearchParams({ from: choice.range.from, to: choice.range.to });
  return choice.preset === 28 ? new URLSearchParams() : new URLSearchParams({ days: String(choice.preset) });
}

/** Days from `from` to `to`, both included. */
export const dayCount = ({ from, to }: DateRange): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
