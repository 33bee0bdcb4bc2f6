import type { OrderStatus } from '../../shared/api/types';
import { localDay } from '../days';

/** The statuses the board can show (the API's default: every status after placement). */
export const BOARD_STATUSES: readonly OrderStatus[] = ['PLACED', 'PICKING', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED'];

export type BoardDay = 'today' | 'tomorrow';

/** The board's filters, kept in the URL (`/admin?day=tomorrow&zone=syd&status=PLACED,PICKING`) so a view can be shared. */
export interface BoardFilters {
  readonly day: BoardDay;
  readonly zone: string;
  /** Empty: every status. */
  readonly statuses: readonly OrderStatus[];
}

export function readFilters(query: URLSearchParams): BoardFilters {
  const statuses = (query.get('status') ?? '').split(',').filter((value): value is OrderStatus => (BOARD_STATUSES as readonly string[]).includes(value));
  return {
    day: query.get('day') === 'tomorrow' ? 'tomorrow' : 'today',
    zone: /^[a-z]{2,8}$/.test(query.get('zone') ?? '') ? query.get('zone')! : '',
    statuses: statuses.length === BOARD_STATUSES.length ? [] : statuses,
  };
}

export function filtersQuery(filters: BoardFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.day !== 'today') query.set('day', filters.day);
  if (filters.zone) query.set('zone', filters.zone);
  if (filters.statuses.length) query.set('status', filters.statuses.join(','));
  return query;
}

export const dayOf = (day: BoardDay): string => localDay(day === 'tomorrow' ? 1 : 0);
