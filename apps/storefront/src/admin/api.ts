import { api, queryString, request, requestFile } from '../shared/api/client';
import type { OrderStatus, Page, Product } from '../shared/api/types';
import type { BoardQuery, CsvFigure, Dashboard, DateRange, OrderBoard, PickBody, StaffOrder } from './types';

const id = encodeURIComponent;

/** Every call the back office makes, typed; all with the signed-in staff member's token. */
export const adminApi = {
  board: ({ day, zone, statuses }: BoardQuery, signal?: AbortSignal) =>
    request<OrderBoard>(`/orders/board${queryString({ day, zone, status: statuses.join(',') })}`, { auth: true, signal }),
  order: (orderId: string, signal?: AbortSignal) => request<StaffOrder>(`/orders/${id(orderId)}`, { auth: true, signal }),
  changeStatus: (orderId: string, status: OrderStatus) =>
    request<StaffOrder>(`/orders/${id(orderId)}/status`, { method: 'PATCH', body: { status }, auth: true }),
  pick: (orderId: string, productId: string, body: PickBody) =>
    request<StaffOrder>(`/orders/${id(orderId)}/lines/${id(productId)}/pick`, { method: 'PUT', body, auth: true }),
  /** Substitutes to choose from: products in stock matching what the picker types. */
  searchProducts: (q: string, signal?: AbortSignal): Promise<Page<Product>> => api.products({ q, limit: 8, inStock: true }, signal),
  product: (productId: string): Promise<Product> => api.product(productId),

  dashboard: (range: DateRange, signal?: AbortSignal) =>
    request<Dashboard>(`/analytics/dashboard${queryString({ ...range })}`, { auth: true, signal }),
  /** One figure's rows as the CSV file the API names (`top-products-2026-11-01-to-2026-11-28.csv`). */
  csv: (figure: CsvFigure, range: DateRange) =>
    requestFile(`/analytics/${figure}${queryString({ ...range, format: 'csv' })}`, `${figure}-${range.from}-to-${range.to}.csv`),
};
