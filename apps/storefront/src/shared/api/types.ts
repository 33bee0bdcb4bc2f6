/**
 * The shapes the Go Mart API answers, as the storefront reads them (api-contract: money in integer
 * cents, weights in grams, times ISO-8601 UTC). Kept in one place so a generated version can replace it.
 */

export interface Category {
  readonly id: string;
  readonly name: string;
}

export type SoldBy = 'each' | 'per_kg';

export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly brand: string;
  readonly category: string;
  /** For weighed items: the estimated price of one average unit. */
  readonly priceCents: number;
  readonly currency: string;
  readonly unit: string;
  readonly stock: number;
  readonly imageUrl: string;
  readonly updatedAt: string;
  /** Absent on servers that predate weighed items: then the product sells by the unit. */
  readonly soldBy?: SoldBy;
  readonly pricePerKgCents?: number;
  readonly averageUnitGrams?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
  readonly total?: number;
}

export interface ProductQuery {
  readonly category?: string;
  readonly q?: string;
  readonly limit?: number;
  readonly cursor?: string;
  readonly inStock?: boolean;
}

export interface Recommendations {
  readonly items: readonly Product[];
  readonly strategy: string;
}

export interface Slot {
  readonly id: string;
  readonly zoneId: string;
  readonly start: string;
  readonly end: string;
  readonly cutoff: string;
  readonly capacity: number;
  readonly remaining: number;
  readonly feeCents: number;
  readonly currency: string;
  readonly bookable: boolean;
}

export interface SlotList {
  readonly zone: { readonly id: string; readonly name: string };
  readonly items: readonly Slot[];
}

export interface SlotHold {
  readonly id: string;
  readonly slotId: string;
  readonly expiresAt: string;
  readonly renewalsLeft: number;
  readonly slot: Slot;
}

/** `none`, `similar`, or the id of the product to put in instead. */
export type Substitute = string;

export interface DeliveryAddress {
  readonly name?: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postcode: string;
  readonly country: string;
}

export interface PlaceOrderBody {
  readonly lines: readonly { readonly productId: string; readonly quantity: number; readonly substitute?: Substitute }[];
  readonly slotHoldId?: string;
  readonly deliveryAddress?: DeliveryAddress;
}

export const ORDER_STATUSES = ['PENDING', 'PLACED', 'PICKING', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED', 'REJECTED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface PickedLine {
  readonly result: 'picked' | 'substituted' | 'unavailable';
  readonly grams?: number;
  readonly substituteProductId?: string;
  readonly substituteName?: string;
  readonly finalCents: number;
}

export interface OrderLine {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly soldBy?: SoldBy;
  readonly unitPriceCents: number;
  readonly lineTotalCents: number;
  readonly pricePerKgCents?: number;
  readonly estimatedGrams?: number;
  readonly substitute?: Substitute;
  readonly picked?: PickedLine;
}

export interface Order {
  readonly id: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly subtotalCents?: number;
  readonly deliveryFeeCents?: number;
  /** The estimate: subtotal plus delivery fee. */
  readonly totalCents: number;
  /** The estimate plus the buffer for weighed items: the most the order can cost. */
  readonly authorisedCents?: number;
  /** Once picked. */
  readonly finalTotalCents?: number;
  readonly currency: string;
  readonly slot?: { readonly id: string; readonly start: string; readonly end: string; readonly feeCents: number };
  readonly deliveryAddress?: DeliveryAddress;
  readonly timeline?: readonly { readonly status: OrderStatus; readonly at: string }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ShortLine {
  readonly productId: string;
  readonly requested: number;
  readonly available: number;
}

export type AuthConfig =
  | { readonly mode: 'local' }
  | {
      readonly mode: 'cognito';
      readonly authorizeUrl: string;
      readonly tokenUrl: string;
      readonly logoutUrl: string;
      readonly clientId: string;
      readonly redirectPath: string;
      readonly scopes: readonly string[];
    };

/** Who the development sign-in can make you: a shopper, store staff, or an admin. */
export type LocalRole = 'customer' | 'staff' | 'admin';

export interface LocalSignIn {
  readonly token: string;
  readonly expiresAt: string;
  readonly sub: string;
  readonly name: string;
  readonly groups: readonly string[];
}
