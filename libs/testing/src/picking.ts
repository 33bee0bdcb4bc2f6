import type { TestApp } from './test-app';

/**
 * Records every line of a PICKING order as picked as ordered (weighed lines at their estimated
 * weight), as store staff would before sending it out: a step tests need between PICKING and
 * OUT_FOR_DELIVERY when picking itself is not what they test.
 */
export async function pickAsOrdered(shop: TestApp, orderId: string, staffToken: string): Promise<void> {
  const order = await shop.request(`/orders/${orderId}`, { token: staffToken });
  const { lines } = order.body as { lines: { productId: string; soldBy: string; estimatedGrams?: number }[] };
  for (const line of lines) {
    const body = line.soldBy === 'per_kg' ? { result: 'picked', grams: line.estimatedGrams } : { result: 'picked' };
    const response = await shop.request(`/orders/${orderId}/lines/${line.productId}/pick`, { method: 'PUT', token: staffToken, body });
    if (response.status !== 200) throw new Error(`picking ${line.productId} of ${orderId}: ${response.status} ${response.text}`);
  }
}
