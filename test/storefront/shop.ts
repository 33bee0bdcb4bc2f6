// In-page callbacks (page.evaluate) run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { TestApp } from '@gomart/testing';

/** The storefront's build, which the app under test serves; `npm test` builds it first. */
export function requireStorefrontBuild(): void {
  if (!existsSync(join(process.cwd(), 'dist', 'storefront', 'index.html'))) {
    throw new Error('No storefront build in dist/storefront: run `npm run build` (or `npm run build:storefront`) first.');
  }
}

/** Money as the shop writes it (en-AU, narrow symbol). */
export const money = (cents: number): string =>
  new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD', currencyDisplay: 'narrowSymbol' }).format(cents / 100);

/** localStorage key of the storefront's session store (apps/storefront/src/shared/stores/session.ts). */
export const SESSION_KEY = 'gomart.session.v1';

/**
 * Signs the page in as `sub` before any of its scripts run, with a token from the test issuer —
 * what the sign-in page stores after a local sign-in. `groups` (`staff`, `admin`) sign in store
 * staff for the back office.
 */
export async function signInAs(page: Page, shop: TestApp, sub: string, name = sub, groups: readonly string[] = []): Promise<void> {
  const value = JSON.stringify({
    token: shop.token(sub, groups),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    sub,
    name,
    groups,
    via: 'local',
  });
  await page.addInitScript(
    ([key, session]) => {
      // Only the first load of this context: signing out must stick across reloads.
      if (!sessionStorage.getItem('test-signed-in')) {
        localStorage.setItem(key, session);
        sessionStorage.setItem('test-signed-in', '1');
      }
    },
    [SESSION_KEY, value] as const,
  );
}

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, options: { backwards?: boolean; limit?: number } = {}): Promise<void> {
  const limit = options.limit ?? 80;
  for (let press = 0; press < limit; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab did not reach ${target.toString()} in ${limit} presses`);
}

export interface ShopProduct {
  readonly id: string;
  readonly name: string;
  readonly brand: string;
  readonly priceCents: number;
  readonly stock: number;
  readonly category: string;
}

/** How the storefront names a product on its buttons: brand and name (several brands sell one line). */
export const label = (product: { readonly brand: string; readonly name: string }): string => `${product.brand} ${product.name}`;

/** The first page of an aisle as the storefront lists it (name order, 24 a page). */
export async function aislePage(shop: TestApp, category: string): Promise<ShopProduct[]> {
  const response = await shop.request(`/catalog/products?category=${category}&limit=24`);
  return response.body.items as ShopProduct[];
}
