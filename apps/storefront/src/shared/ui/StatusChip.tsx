import type { OrderStatus } from '../api/types';

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  PENDING: 'Being placed',
  PLACED: 'Placed',
  PICKING: 'Being picked',
  OUT_FOR_DELIVERY: 'Out for delivery',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
  REJECTED: 'Not placed',
};

export function StatusChip({ status }: { readonly status: OrderStatus }) {
  return <span class={`status-chip status-${status}`}>{STATUS_LABELS[status]}</span>;
}
