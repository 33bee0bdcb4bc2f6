import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestApp } from '@gomart/testing';
import type { Page } from 'playwright-core';
import { GomartModule } from '../../apps/gomart/src/gomart.module';
import { collectPageErrors, hasHorizontalScroll, screenshotsAtBothWidths, seriousA11yViolations, TestBrowser, VIEWPORTS } from '../../libs/testing/src/browser';
import { money, requireStorefrontBuild, signInAs } from '../storefront/shop';

/**
 * The back office in real Chromium against the real monolith: a picker works an order from the
 * board to delivered (a weighed line, a customer's chosen substitute, one found by search), the
 * customer's mail and the order's final total say what changed, the admin's dashboard moves
 * with it; two pickers on one line; and the back office is for staff only.
 */
jest.setTimeout(180_000);

let shop: TestApp;
let browser: TestBrowser;
let admin: string;

beforeAll(async () => {
  requireStorefrontBuild();
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '60', CACHE_MEMORY_TTL_MS: '0', ORDER_SWEEP_INTERVAL_MS: '0' } });
  browser = await TestBrowser.launch();
  admin = shop.token('ada', ['admin']);
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

let sku = 0;
async function product(body: Record<string, unknown>): Promise<string> {
  sku += 1;
  const response = await shop.request('/catalog/products', {
    method: 'POST',
    token: admin,
    body: { sku: `BO-${String(sku).padStart(5, '0')}`, brand: 'Test', unit: 'each', ...body },
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

/** The shop's local day (Sydney, as the browser's), `offset` days on. */
const sydneyDay = (offset: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date(Date.now() + offset * 86_400_000));

async function placeOrder(customer: string, name: string, lines: { productId: string; quantity: number; substitute?: string }[], withSlot: boolean): Promise<string> {
  const token = shop.token(customer);
  let slotHoldId: string | undefined;
  if (withSlot) {
    const slots = await shop.request('/fulfilment/slots?postcode=2000');
    const tomorrow = sydneyDay(1);
    const slot = (slots.body.items as { id: string; start: string; bookable: boolean }[]).find(
      (item) => item.bookable && new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date(item.start)) === tomorrow,
    );
    expect(slot).toBeDefined();
    const hold = await shop.request('/fulfilment/slot-holds', { method: 'POST', token, body: { slotId: slot!.id } });
    expect(hold.status).toBe(201);
    slotHoldId = hold.body.id as string;
  }
  const placed = await shop.request('/orders', {
    method: 'POST',
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { lines, slotHoldId, deliveryAddress: { name, line1: '12 Harbour St', city: 'Sydney', postcode: '2000', country: 'AU' } },
  });
  expect(placed.status).toBe(201);
  return placed.body.id as string;
}

async function staffPage(sub: string, groups: readonly string[], viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage(shop.url, viewport);
  const { errors } = collectPageErrors(page);
  await signInAs(page, shop, sub, sub[0]!.toUpperCase() + sub.slice(1), groups);
  return { page, errors };
}

const tile = (page: Page, label: string) => page.locator('.kpi-tile', { has: page.locator('.kpi-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.kpi-value');
const line = (page: Page, name: string) => page.locator('.pick-line', { has: page.getByRole('heading', { level: 3, name: new RegExp(`× ${name}$`) }) });

async function mailAbout(orderId: string, subject: string): Promise<{ subject: string; text: string }> {
  const folder = join(shop.dataDir, 'mail');
  for (let attempt = 0; attempt < 50; attempt++) {
    const files = (await readdir(folder).catch(() => [] as string[])).filter((file) => file.endsWith('.json'));
    for (const file of files) {
      const mail = JSON.parse(await readFile(join(folder, file), 'utf8')) as { subject: string; text: string };
      if (mail.subject.includes(orderId) && mail.subject.includes(subject)) return mail;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`no mail "${subject}" for ${orderId}`);
}

describe('the back office', () => {
  it('takes an order from the board to delivered; the mail, the final total and the dashboard show the weight and the substitutes', async () => {
    const bananas = await product({ name: 'Backoffice Bananas', category: 'fruit-veg', soldBy: 'per_kg', pricePerKgCents: 390, averageUnitGrams: 180, unit: 'kg', stock: 60 });
    const milk = await product({ name: 'Backoffice Full Cream Milk 2L', category: 'dairy-eggs', priceCents: 350, stock: 10 });
    const organic = await product({ name: 'Backoffice Organic Milk 2L', category: 'dairy-eggs', priceCents: 520, stock: 5 });
    const bread = await product({ name: 'Backoffice Sourdough', category: 'bakery', priceCents: 600, stock: 5 });
    const rolls = await product({ name: 'Backoffice Bread Rolls', category: 'bakery', priceCents: 400, stock: 5 });
    const tea = await product({ name: 'Backoffice Earl Grey', category: 'pantry', priceCents: 450, stock: 5 });

    // The admin's figures before the order.
    const { page: dash, errors: dashErrors } = await staffPage('ada', ['admin']);
    await dash.goto('/admin/dashboard?days=7');
    await tile(dash, 'Revenue').waitFor();
    const before = { revenue: await tile(dash, 'Revenue').textContent(), orders: await tile(dash, 'Orders').textContent() };
    expect(before).toEqual({ revenue: money(0), orders: '0' });

    const orderId = await placeOrder(
      'olivia',
      'Olivia Nguyen',
      [
        { productId: bananas, quantity: 6 },
        { productId: milk, quantity: 2, substitute: organic },
        { productId: bread, quantity: 1, substitute: 'similar' },
        { productId: tea, quantity: 1 },
      ],
      true,
    );

    // The board: no dashboard for staff; tomorrow's slot holds the order.
    const { page, errors } = await staffPage('sam', ['staff']);
    await page.goto('/admin');
    await page.getByRole('heading', { level: 1, name: 'Order board' }).waitFor();
    expect(await page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    await page.getByRole('group', { name: 'Day' }).getByRole('button', { name: 'Tomorrow' }).click();
    const card = page.getByRole('link', { name: /Olivia Nguyen/ });
    await card.waitFor();
    expect(new URL(page.url()).searchParams.get('day')).toBe('tomorrow');
    expect(await page.locator('.slot-column', { has: card }).locator('.slot-load-text').textContent()).toMatch(/^1\/\d+ booked/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotsAtBothWidths(page, 'backoffice-board');

    await card.click();
    await page.getByRole('heading', { level: 1, name: /Order/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/orders/${orderId}`);
    await line(page, 'Backoffice Full Cream Milk 2L').getByText('Substitute with Backoffice Organic Milk 2L').waitFor();
    await page.getByRole('button', { name: 'Start picking' }).click();

    // The weighed line, by its weight (prefilled with the estimate).
    const weighed = line(page, 'Backoffice Bananas');
    const grams = weighed.getByLabel('Weight picked (g)');
    expect(await grams.inputValue()).toBe('1080');
    await grams.fill('1150');
    await weighed.getByRole('button', { name: 'Picked' }).click();
    await weighed.locator('.pick-outcome').getByText(/Picked 1,150 g|Picked 1.15 kg/).waitFor();

    // The customer's own choice of substitute, preselected.
    const milkLine = line(page, 'Backoffice Full Cream Milk 2L');
    await milkLine.getByRole('button', { name: 'Substituted…' }).click();
    expect(await milkLine.getByRole('radio', { name: /Backoffice Organic Milk 2L/ }).isChecked()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotsAtBothWidths(page, 'backoffice-picking');
    await milkLine.getByRole('button', { name: 'Record substitute' }).click();
    await milkLine.locator('.pick-outcome').getByText(/Substituted with Backoffice Organic Milk 2L/).waitFor();

    // A "similar" line: the picker searches for the substitute.
    const breadLine = line(page, 'Backoffice Sourdough');
    await breadLine.getByRole('button', { name: 'Substituted…' }).click();
    await breadLine.getByLabel('Search the catalog').fill('Backoffice Bread Rolls');
    await breadLine.getByRole('radio', { name: /Backoffice Bread Rolls/ }).check();
    await breadLine.getByRole('button', { name: 'Record substitute' }).click();
    await breadLine.locator('.pick-outcome').getByText(/Substituted with Backoffice Bread Rolls/).waitFor();

    expect(await page.getByRole('button', { name: 'Out for delivery' }).isDisabled()).toBe(true);
    await line(page, 'Backoffice Earl Grey').getByRole('button', { name: 'Picked' }).click();
    await page.getByText('4 of 4 recorded').waitFor();
    await page.getByRole('button', { name: 'Out for delivery' }).click();
    await page.locator('.section-head .status-chip', { hasText: 'Out for delivery' }).waitFor();

    const stored = await shop.request(`/orders/${orderId}`, { token: admin });
    const final = stored.body.finalTotalCents as number;
    const bananaCents = stored.body.lines[0].picked.finalCents as number;
    expect(stored.body.lines[0].picked).toMatchObject({ result: 'picked', grams: 1150 });
    expect(stored.body.lines[1].picked).toMatchObject({ result: 'substituted', substituteProductId: organic, finalCents: 700 });
    expect(stored.body.lines[2].picked).toMatchObject({ result: 'substituted', substituteProductId: rolls, finalCents: 400 });
    expect(final).toBe(bananaCents + 700 + 400 + 450 + (stored.body.deliveryFeeCents as number));
    expect(await page.locator('.final-total').textContent()).toBe(money(final));

    await page.getByRole('button', { name: 'Delivered' }).click();
    await page.locator('.section-head .status-chip', { hasText: 'Delivered' }).waitFor();
    await page.getByText('Nothing more to do for this order.').waitFor();
    await screenshotsAtBothWidths(page, 'backoffice-order-delivered');

    const mail = await mailAbout(orderId, 'on its way');
    expect(mail.text).toContain('Instead of Backoffice Full Cream Milk 2L: Backoffice Organic Milk 2L (AUD 7.00)');
    expect(mail.text).toContain('Instead of Backoffice Sourdough: Backoffice Bread Rolls (AUD 4.00)');
    expect(mail.text).toContain(`Backoffice Bananas: 1150 g, AUD ${(bananaCents / 100).toFixed(2)}`);
    expect(mail.text).toContain(`Final total: AUD ${(final / 100).toFixed(2)}`);

    // The dashboard counts the order at what was charged (the counters follow the events).
    for (let attempt = 0; attempt < 40; attempt++) {
      await dash.getByRole('button', { name: 'Refresh' }).click();
      await tile(dash, 'Revenue').waitFor();
      if ((await tile(dash, 'Revenue').textContent()) === money(final)) break;
      await dash.waitForTimeout(250);
    }
    expect(await tile(dash, 'Revenue').textContent()).toBe(money(final));
    expect(await tile(dash, 'Orders').textContent()).toBe('1');
    await dash.getByRole('table').first().waitFor({ state: 'attached' });
    await dash.locator('.sales-chart canvas').waitFor();
    expect(await seriousA11yViolations(dash)).toEqual([]);
    await dash.setViewportSize(VIEWPORTS.phone);
    expect(await hasHorizontalScroll(dash)).toBe(false);
    await screenshotsAtBothWidths(dash, 'backoffice-dashboard');

    // CSV with the bearer token: a real download with the API's file name.
    const download = dash.waitForEvent('download');
    await dash.getByRole('link', { name: 'Download top products as CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^top-products-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await file.path()), 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('product_id,name,aisle,units,revenue_cents');
    expect(csv).toContain('Backoffice Organic Milk 2L');

    expect(errors).toEqual([]);
    expect(dashErrors).toEqual([]);
    await page.context().close();
    await dash.context().close();
  });

  it('tells the second picker of a line that someone else recorded it, and never overwrites the first pick', async () => {
    const apples = await product({ name: 'Backoffice Apples', category: 'fruit-veg', soldBy: 'per_kg', pricePerKgCents: 550, averageUnitGrams: 200, unit: 'kg', stock: 40 });
    const orderId = await placeOrder('pete', 'Pete Smith', [{ productId: apples, quantity: 5 }], false);
    expect((await shop.request(`/orders/${orderId}/status`, { method: 'PATCH', token: admin, body: { status: 'PICKING' } })).status).toBe(200);

    const first = await staffPage('sam', ['staff']);
    const second = await staffPage('pat', ['staff'], VIEWPORTS.phone);
    for (const { page } of [first, second]) {
      await page.goto(`/admin/orders/${orderId}`);
      await line(page, 'Backoffice Apples').getByLabel('Weight picked (g)').waitFor();
    }
    await line(first.page, 'Backoffice Apples').getByLabel('Weight picked (g)').fill('1000');
    await line(first.page, 'Backoffice Apples').getByRole('button', { name: 'Picked' }).click();
    await line(first.page, 'Backoffice Apples').locator('.pick-outcome').waitFor();

    const late = line(second.page, 'Backoffice Apples');
    await late.getByLabel('Weight picked (g)').fill('1500');
    await late.getByRole('button', { name: 'Picked' }).click();
    const alert = late.getByRole('alert');
    await alert.getByText('Someone else recorded this line first').waitFor();
    expect(await alert.textContent()).toContain('by sam');
    // Reloaded: the line shows the first pick, and offers nothing to overwrite it with.
    await late.locator('.pick-outcome').getByText(/Picked 1,000 g|Picked 1 kg/).waitFor();
    expect(await late.getByRole('button', { name: 'Picked' }).count()).toBe(0);
    expect(await hasHorizontalScroll(second.page)).toBe(false);
    await screenshotsAtBothWidths(second.page, 'backoffice-conflict');
    const stored = await shop.request(`/orders/${orderId}`, { token: admin });
    expect(stored.body.lines[0].picked).toMatchObject({ grams: 1000, pickedBy: 'sam' });
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await first.page.context().close();
    await second.page.context().close();
  });

  it('is staff only: a customer sees a clear page, the API answers 403, staff get no dashboard', async () => {
    const customer = shop.token('quinn');
    expect((await shop.request(`/orders/board?day=${sydneyDay(0)}`, { token: customer })).status).toBe(403);
    expect((await shop.request('/analytics/dashboard', { token: customer })).status).toBe(403);
    expect((await shop.request('/analytics/dashboard', { token: shop.token('sam', ['staff']) })).status).toBe(403);

    const page = await browser.newPage(shop.url, VIEWPORTS.phone);
    await signInAs(page, shop, 'quinn', 'Quinn');
    await page.goto('/admin');
    await page.getByRole('heading', { level: 1, name: 'Staff only' }).waitFor();
    await page.getByRole('button', { name: 'Sign in as staff' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await page.locator('.order-card').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotsAtBothWidths(page, 'backoffice-staff-only');
    await page.goto('/admin/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Staff only' }).waitFor();
    await page.context().close();

    const staff = await staffPage('sam', ['staff']);
    await staff.page.goto('/admin/dashboard');
    await staff.page.getByRole('heading', { level: 1, name: 'Admins only' }).waitFor();
    await staff.page.context().close();
  });

  it('lets a signed-out visitor sign in as staff with the development sign-in and come back to the board', async () => {
    const page = await browser.newPage(shop.url);
    await page.goto('/admin');
    await page.getByRole('heading', { level: 1, name: 'Staff only' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Your name').fill('Sam');
    expect(await page.getByLabel('Role').inputValue()).toBe('staff');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order board' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.context().close();
  });
});
