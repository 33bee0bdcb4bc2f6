// In-page callbacks (page.evaluate) run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Real Chromium for browser tests: Debian's package, driven by playwright-core (no browser
 * download). One browser per test file; a fresh context (storage, cookies) per test.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Widths every page must work at: a phone (no horizontal scroll) and a desktop. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export class TestBrowser {
  private constructor(readonly browser: Browser) {}

  /** Launches Chromium; playwright gives each launch a fresh, temporary user-data dir. */
  static async launch(): Promise<TestBrowser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    return new TestBrowser(browser);
  }

  /** A page in a new context: empty localStorage and sessionStorage, the phone or desktop size. */
  async newPage(baseURL: string, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<Page> {
    const context: BrowserContext = await this.browser.newContext({ baseURL, viewport, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    // A busy build machine is slow, not broken: generous waits, no wall-clock assertions.
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * What broke behind the page a shopper sees: uncaught errors, errors logged by the app, and 5xx
 * answers. 4xx answers are part of normal flows (a 409 the test provoked, a 404 of a picture
 * that falls back), so Chromium's "Failed to load resource" lines are left out.
 */
export function collectPageErrors(page: Page): { readonly errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { errors };
}

/** Writes `<name>-390.png` and `<name>-1280.png` (full page) into test-output/screenshots (git-ignored). */
export async function screenshotsAtBothWidths(page: Page, name: string, ready?: () => Promise<void>): Promise<string[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  const files: string[] = [];
  for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
    await page.setViewportSize(viewport);
    await ready?.();
    // From the top: a sticky header would otherwise be drawn where the page was scrolled to.
    await page.evaluate(() => window.scrollTo(0, 0));
    await settleImages(page);
    const file = join(SCREENSHOT_DIR, `${name}-${viewport.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  if (original) await page.setViewportSize(original);
  return files;
}

/** Lazy pictures in view have loaded (or failed), so a screenshot shows the page as a shopper would. */
async function settleImages(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const pending = [...document.images].filter((image) => !image.complete);
    await Promise.race([
      Promise.all(pending.map((image) => new Promise((done) => image.addEventListener('loadend', done, { once: true })))),
      new Promise((done) => setTimeout(done, 2000)),
    ]);
  });
}

/** True when the page is wider than its viewport (the 390 px check). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations, in a
 * form that reads well in a failed expectation (`expect(await seriousA11yViolations(page)).toEqual([])`).
 */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
}
