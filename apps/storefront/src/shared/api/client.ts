import { session } from '../stores/session';
import { isApiErrorCode, type ErrorCode } from './error-codes';
import type {
  AuthConfig,
  Category,
  LocalRole,
  LocalSignIn,
  Order,
  Page,
  PlaceOrderBody,
  Product,
  ProductQuery,
  Recommendations,
  SlotHold,
  SlotList,
} from './types';

/** An answer that is not a success, with the API's stable code (or the browser's, when none came). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    /** From `Retry-After`, when the server said how long to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The outcome is not decided: the same request (same idempotency key) may be sent again. */
  get retryable(): boolean {
    return this.code === 'NETWORK_ERROR' || this.status === 503 || this.status === 429 || this.code === 'ORDER_IN_PROGRESS';
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  /** Send the signed-in customer's token. */
  readonly auth?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** One call to the API: JSON in and out, the session's token when `auth`, failures as ApiError. Shared with the back office's calls. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = options.auth ? session.token() : undefined;
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The shop could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const body = await readJson(response);
  if (response.ok) {
    if (body === undefined) throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', 'The shop sent an answer we could not read.');
    // The API's shapes are documented in ./types; this is the one place they are trusted.
    return body as T;
  }
  if (response.status === 401 && options.auth) session.clear();
  throw toApiError(response, body);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, body: unknown): ApiError {
  const { code, message, details } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    isApiErrorCode(code) ? code : response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'UNEXPECTED_RESPONSE',
    typeof message === 'string' ? message : `The shop answered ${response.status}.`,
    typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined,
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  );
}

/**
 * A file the API answers as an attachment (a CSV export), fetched with the session's token —
 * which a plain link cannot send — with the name its Content-Disposition gives.
 */
export async function requestFile(path: string, fallbackName: string): Promise<{ readonly blob: Blob; readonly fileName: string }> {
  const token = session.token();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The shop could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    if (response.status === 401) session.clear();
    throw toApiError(response, await readJson(response));
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await response.blob(), fileName: named ?? fallbackName };
}

export function queryString(params: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = encodeURIComponent;
let categories: Promise<readonly Category[]> | undefined;

/** Every call the storefront makes, typed. Paths are same-origin: the shop serves the API beside the pages. */
export const api = {
  /** The aisles change with a deploy, not per visit: asked once per page load. */
  categories(): Promise<readonly Category[]> {
    categories ??= request<{ items: Category[] }>('/catalog/categories').then(
      (page) => page.items,
      (error: unknown) => {
        categories = undefined;
        throw error;
      },
    );
    return categories;
  },
  products: (query: ProductQuery, signal?: AbortSignal) =>
    request<Page<Product>>(`/catalog/products${queryString({ ...query })}`, { signal }),
  product: (productId: string) => request<Product>(`/catalog/products/${id(productId)}`),
  recommendations: (productId: string, exclude: readonly string[] = [], limit = 8) =>
    request<Recommendations>(
      `/catalog/products/${id(productId)}/recommendations${queryString({ exclude: exclude.join(','), limit })}`,
    ),
  recommendationsForMe: (exclude: readonly string[] = [], limit = 8) =>
    request<Recommendations>(`/recommendations/for-me${queryString({ exclude: exclude.join(','), limit })}`, { auth: true }),

  slots: (postcode: string) => request<SlotList>(`/fulfilment/slots${queryString({ postcode })}`),
  holdSlot: (slotId: string) => request<SlotHold>('/fulfilment/slot-holds', { method: 'POST', body: { slotId }, auth: true }),
  slotHold: (holdId: string) => request<SlotHold>(`/fulfilment/slot-holds/${id(holdId)}`, { auth: true }),
  renewSlotHold: (holdId: string) =>
    request<SlotHold>(`/fulfilment/slot-holds/${id(holdId)}/renew`, { method: 'POST', auth: true }),
  releaseSlotHold: (holdId: string) =>
    request<void>(`/fulfilment/slot-holds/${id(holdId)}`, { method: 'DELETE', auth: true }),

  placeOrder: (body: PlaceOrderBody, idempotencyKey: string) =>
    request<Order>('/orders', { method: 'POST', body, auth: true, headers: { 'idempotency-key': idempotencyKey } }),
  orders: (cursor?: string) => request<Page<Order>>(`/orders${queryString({ limit: 20, cursor })}`, { auth: true }),
  order: (orderId: string) => request<Order>(`/orders/${id(orderId)}`, { auth: true }),
  cancelOrder: (orderId: string) => request<Order>(`/orders/${id(orderId)}/cancel`, { method: 'POST', auth: true }),

  authConfig: () => request<AuthConfig>('/auth/config'),
  localSignIn: (name: string, role: LocalRole = 'customer') =>
    request<LocalSignIn>('/auth/local/sign-in', { method: 'POST', body: { name, role } }),
};
