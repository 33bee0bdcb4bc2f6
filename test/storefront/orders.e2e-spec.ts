import { TestApp } from '@gomart/testing';
import type { Page } from 'playwright-core';
import { GomartModule } from '../../apps/gomart/src/gomart.module';
import {
  collectPageErrors,
  hasHorizontalScroll,
  screenshotsAtBothWidths,
  seriousA11yViolations,
  TestBrowser,
  VIEWPORTS,
} from '../../libs/testing/src/browser';
import { aislePage, requireStorefrontBuild, signInAs } from './shop';

/**
 * "My orders" in real Chromium: the list with status chips, the detail with its timeline, and
 * cancel while PLACED. The orders are placed through the API, so this works with today's server.
 */
jest.setTimeout(120_000);

let shop: TestApp;
let browser: TestBrowser;

beforeAll(async () => {
  requireStorefrontBuild();
  shop = await TestApp.start(GomartModule);
  browser = await TestBrowser.launch();
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

let keys = 0;
async function placeThroughApi(customer: string): Promise<{ id: string; lineNames: string[] }> {
  const products = (await aislePage(shop, 'pantry')).filter((product) => product.stock >= 5).slice(0, 2);
  const response = await shop.request('/orders', {
    method: 'POST',
    token: shop.token(customer),
    headers: { 'idempotency-key': `orders-spec-${customer}-${keys++}` },
    body: {
      lines: products.map((product, index) => ({ productId: product.id, quantity: index + 1 })),
      deliveryAddress: { line1: '12 Harbour St', city: 'Sydney', postcode: '2000', country: 'AU' },
    },
  });
  expect(response.status).toBe(201);
  return { id: response.body.id as string, lineNames: products.map((product) => product.name) };
}

async function signedInPage(customer: string, viewport = VIEWPORTS.desktop): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage(shop.url, viewport);
  const { errors } = collectPageErrors(page);
  await signInAs(page, shop, customer, customer[0]!.toUpperCase() + customer.slice(1));
  return { page, errors };
}

describe('my orders', () => {
  it('lists the orders with their status, shows one with its timeline, and cancels it while placed', async () => {
    const order = await placeThroughApi('olivia');
    const { page, errors } = await signedInPage('olivia');
    await page.goto('/');
    await page.getByRole('link', { name: /My orders/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'My orders' }).waitFor();
    const row = page.locator('.order-row').first();
    expect(await row.locator('.status-chip').textContent()).toBe('Placed');
    expect(await row.textContent()).toContain('3 items');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotsAtBothWidths(page, 'orders');

    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Progress' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/account/orders/${order.id}`);
    const timeline = page.getByRole('list', { name: 'Order progress' });
    expect(await timeline.locator('[aria-current="step"]').textContent()).toContain('Placed');
    for (const name of order.lineNames) await page.getByRole('cell', { name }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize(VIEWPORTS.phone);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshotsAtBothWidths(page, 'order');

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the order' }).click();
    await page.locator('.section-head .status-chip', { hasText: 'Cancelled' }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    const stored = await shop.request(`/orders/${order.id}`, { token: shop.token('olivia') });
    expect(stored.body.status).toBe('CANCELLED');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('offers no cancel once the order is being picked, and shows how far it got', async () => {
    const order = await placeThroughApi('pete');
    const moved = await shop.request(`/orders/${order.id}/status`, {
      method: 'PATCH',
      token: shop.token('sam', ['staff']),
      body: { status: 'PICKING' },
    });
    expect(moved.status).toBe(200);
    const { page } = await signedInPage('pete');
    // A reload or a shared link of an order page is answered by the storefront, not the API.
    await page.goto(`/account/orders/${order.id}`);
    await page.getByRole('heading', { level: 2, name: 'Progress' }).waitFor();
    const timeline = page.getByRole('list', { name: 'Order progress' });
    expect(await timeline.locator('[aria-current="step"]').textContent()).toContain('Being picked');
    expect(await timeline.locator('li.done').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await page.context().close();
  });

  it("does not show another customer's order", async () => {
    const order = await placeThroughApi('quinn');
    const { page } = await signedInPage('rita');
    await page.goto(`/account/orders/${order.id}`);
    await page.getByRole('alert').getByText('We could not find that order.').waitFor();
    await page.context().close();
  });

  it('asks to sign in when nobody is', async () => {
    const page = await browser.newPage(shop.url, VIEWPORTS.phone);
    await page.goto('/account/orders');
    await page.getByRole('link', { name: 'Sign in', exact: true }).last().waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.context().close();
  });
});
